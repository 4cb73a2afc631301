package io.commercebus.connector.netsuite;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Published test vectors: Oracle's TBA example (HMAC-SHA256) and RFC 5849's base-string example. */
class TbaSignerTest {

    // Oracle NetSuite help, "The Signature for Web Services and RESTlets", input parameters for the example
    static final String CONSUMER_KEY = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4";
    static final String CONSUMER_SECRET = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5";
    static final String TOKEN = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc";
    static final String TOKEN_SECRET = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295";

    private final TbaSigner signer = new TbaSigner("123456", CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET,
            Clock.systemUTC());

    @Test
    void signsOraclesRestWebServicesExample() {
        String header = signer.authorization("GET",
                URI.create("https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40"),
                "fjaLirsIcCGVZWzBX0pg", "1508242306");

        assertThat(header).startsWith("OAuth realm=\"123456\", ")
                .contains("oauth_signature_method=\"HMAC-SHA256\"")
                .endsWith("oauth_signature=\"B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D\"");
    }

    @Test
    void includesSortedQueryParametersInTheSignatureAsOraclesRestletExampleDoes() {
        String header = signer.authorization("POST",
                URI.create("https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl"
                        + "?script=6&deploy=1&customParam=someValue&testParam=someOtherValue"),
                "fjaLirsIcCGVZWzBX0pg", "1508242306");

        assertThat(header).endsWith("oauth_signature=\"%2BKK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ%3D\"");
    }

    @Test
    void buildsRfc5849SignatureBaseString() {
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", "9djdj82h48djs9d2");
        oauth.put("oauth_token", "kkk9d7dh3k39sjv7");
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        oauth.put("oauth_timestamp", "137131201");
        oauth.put("oauth_nonce", "7d8f3e4a");
        // RFC 5849 3.4.1.1 also signs the form body "c2&a3=2+q"; a JSON body never is, so it goes into the query here
        URI uri = URI.create("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b&c2&a3=2%20q");

        String base = TbaSigner.baseString("POST", uri, oauth);

        assertThat(base).isEqualTo("POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26"
                + "b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26"
                + "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7");
        // erratum 2550 corrects the signature printed in the RFC
        assertThat(TbaSigner.sign("HmacSHA1", base, "j49sk3j29djd", "dh893hdasih9")).isEqualTo("r6/TJjbCOr97/+UU0NsvSne7s5g=");
    }

    @Test
    void neverShowsSecretsInItsTextForm() {
        assertThat(signer.toString()).doesNotContain(CONSUMER_SECRET).doesNotContain(TOKEN_SECRET)
                .doesNotContain(CONSUMER_KEY).doesNotContain(TOKEN);
    }
}
