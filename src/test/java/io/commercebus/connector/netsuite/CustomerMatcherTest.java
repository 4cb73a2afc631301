package io.commercebus.connector.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.mapping.CustomerDraft;
import io.commercebus.mapping.MappedRecord;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The customer policies of stores sharing one NetSuite account, against the NetSuite sandbox. */
class CustomerMatcherTest {

    NetSuiteSandbox sandbox;
    NetSuiteClient client;
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        client = Sandboxes.client(sandbox, 5, Duration.ofSeconds(10));
        settings.put("web", Map.of());
        settings.put("wholesale", Map.of("customer.scope", "store"));
        settings.put("outlet", Map.of("customer.scope", "store"));
        settings.put("amazon", Map.of("customer.guests", "shared", "customer.shared-name", "Amazon Sales"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    CustomerMatcher matcher() {
        return new CustomerMatcher(client, Duration.ofHours(1),
                store -> CustomerPolicy.of(store, (s, key) -> settings.getOrDefault(s, Map.of()).get(key)));
    }

    @Test
    void inAccountScopeOneEmailIsOneCustomerWhicheverStoreSellsToIt() {
        CustomerMatcher matcher = matcher();
        String first = entity(matcher.matchOrCreate(order("web", "Pat@Example.com", false, "1 Elm St")));
        String second = entity(matcher.matchOrCreate(order("amazon", "pat@example.com", false, "1 Elm St")));

        assertThat(second).isEqualTo(first);
        assertThat(sandbox.records("customer")).hasSize(1);
    }

    @Test
    void inStoreScopeEachStoreHasItsOwnCustomerForTheSameEmail() {
        CustomerMatcher matcher = matcher();
        String wholesale = entity(matcher.matchOrCreate(order("wholesale", "pat@example.com", false, "1 Elm St")));
        String outlet = entity(matcher.matchOrCreate(order("outlet", "pat@example.com", false, "1 Elm St")));
        String again = entity(matcher().matchOrCreate(order("outlet", "pat@example.com", false, "1 Elm St")));

        assertThat(outlet).isNotEqualTo(wholesale);
        assertThat(again).as("found again by its external id, with a cold cache").isEqualTo(outlet);
        assertThat(sandbox.records("customer")).hasSize(2);
    }

    @Test
    void sharedGuestPolicyPutsEveryGuestOnOneCustomerWithoutPersonalData() {
        CustomerMatcher matcher = matcher();
        String a = entity(matcher.matchOrCreate(order("amazon", "k3xq8m2v@marketplace.amazon.com", true, "9 Oak Rd")));
        String b = entity(matcher.matchOrCreate(order("amazon", "z9y8x7w6@marketplace.amazon.com", true, "5 Pine Rd")));
        String person = entity(matcher.matchOrCreate(order("web", "guest@example.com", true, "1 Elm St")));

        assertThat(b).isEqualTo(a);
        assertThat(person).isNotEqualTo(a);
        JsonNode shared = sandbox.record("customer", a);
        assertThat(shared.get("companyName").asText()).isEqualTo("Amazon Sales");
        assertThat(shared.has("email")).isFalse();
        assertThat(shared.has("addressBook")).isFalse();
    }

    @Test
    void anAddressIsAddedToTheAddressBookOnceAndNeverDuplicated() {
        CustomerMatcher matcher = matcher();
        String id = entity(matcher.matchOrCreate(order("web", "ann@example.com", false, "1 Elm St")));
        matcher.matchOrCreate(order("web", "ann@example.com", false, "  1 ELM st "));
        matcher.matchOrCreate(order("web", "ann@example.com", false, "22 Birch Ave"));
        // a restarted bus (cold cache) reads the address book before adding to it
        matcher().matchOrCreate(order("web", "ann@example.com", false, "22 Birch Ave"));

        JsonNode book = sandbox.record("customer", id).get("addressBook").get("items");
        assertThat(book).extracting(line -> line.get("addressBookAddress").get("addr1").asText())
                .containsExactly("1 Elm St", "22 Birch Ave");
        assertThat(book.get(0).get("addressBookAddress").get("country").get("id").asText()).isEqualTo("US");
    }

    private static String entity(MappedRecord record) {
        return ((Map<?, ?>) record.getFields().get("entity")).get("id").toString();
    }

    private static MappedRecord order(String store, String email, boolean guest, String street) {
        MappedRecord record = new MappedRecord();
        record.setStore(store);
        record.setRecordType("salesOrder");
        record.setExternalId("SO-" + store);
        CustomerDraft customer = new CustomerDraft();
        customer.setEmail(email);
        customer.setGuest(guest);
        customer.setFields(new LinkedHashMap<>(Map.of("firstName", "Pat", "lastName", "Doe", "subsidiary", Map.of("id", "1"))));
        customer.setAddress(new LinkedHashMap<>(Map.of("addr1", street, "city", "Austin", "zip", "78701", "country", "us")));
        record.setCustomer(customer);
        return record;
    }
}
