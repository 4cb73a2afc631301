package io.commercebus.security;

import io.commercebus.config.BusProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login from the settings, and what happens without one: the production profile refuses to start
 * with the REST API and Hawtio open; any other profile (dev, on the embedded defaults) starts and says
 * loudly that they are open and how to close them.
 */
public final class LoginSettings {

    private static final Logger LOG = LoggerFactory.getLogger(LoginSettings.class);

    private LoginSettings() {
    }

    /** The configured login, or null when no password is set (and the profile allows that). */
    public static ApiLogin from(BusProperties props) {
        String password = props.get(ApiLogin.PASSWORD_SETTING).orElse(null);
        if (password != null) {
            return new ApiLogin(props.string(ApiLogin.USER_SETTING, "admin"), password);
        }
        String close = "set " + ApiLogin.PASSWORD_SETTING + " (environment variable BUS_SECURITY_PASSWORD, or"
                + " BUS_SECURITY_PASSWORD_FILE naming a file that holds it)";
        if ("prod".equals(props.string("bus.profile", "dev"))) {
            throw new IllegalStateException("The production profile does not start with the REST API and Hawtio open to"
                    + " anyone: " + close);
        }
        LOG.warn("The REST API, the pages and Hawtio are open WITHOUT LOGIN: anyone who reaches them may read the ledger,"
                + " replay records and stop routes. To close them, {}; user {} (default admin).", close, ApiLogin.USER_SETTING);
        return null;
    }
}
