package io.commercebus.embedded;

import io.commercebus.security.ApiLogin;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.security.RolePrincipal;
import org.eclipse.jetty.security.UserPrincipal;
import org.eclipse.jetty.util.security.Credential;

import java.util.List;

/**
 * Jetty's view of the bus's login, for Hawtio. Any user name is looked up, and its credential checks
 * the name and the password together in constant time, so an answer never tells a right name from a
 * wrong one.
 */
final class HawtioLogin extends AbstractLoginService {

    private final ApiLogin login;

    HawtioLogin(ApiLogin login) {
        this.login = login;
        setName(ApiLogin.REALM);
    }

    @Override
    protected UserPrincipal loadUserInfo(String user) {
        return new UserPrincipal(user, new Credential() {
            @Override
            public boolean check(Object credentials) {
                return login.accepts(user, credentials == null ? null : credentials.toString());
            }
        });
    }

    @Override
    protected List<RolePrincipal> loadRoleInfo(UserPrincipal user) {
        return List.of();
    }
}
