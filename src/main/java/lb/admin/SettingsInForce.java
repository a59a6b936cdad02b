package lb.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import lb.config.Key;

/**
 * Every configuration key with the value MicroProfile Config gives now and the source it comes
 * from, so an operator sees why a change made in one place did not take: a stronger source
 * holds the key.
 */
@ApplicationScoped
public class SettingsInForce {
    /** Where a key nobody set comes from. */
    static final String DEFAULT = "default";
    /** The value shown for a secret key that is set. */
    static final String HIDDEN = "(hidden)";

    @Inject
    Config config;

    /**
     * @param outranksConsole whether the source is one the server's admin tools cannot outvote
     *                        (environment variables, system properties: ordinals 300 and 400, above
     *                        every source {@code set-config-property} or a console writes)
     */
    record Setting(String key, String value, String source, int ordinal, boolean outranksConsole) {
    }

    List<Setting> list() {
        List<Setting> settings = new ArrayList<>();
        for (Key key : Key.values()) {
            ConfigValue v = config.getConfigValue(key.key());
            settings.add(v.getValue() == null
                    ? new Setting(key.key(), key.defaultValue(), DEFAULT, 0, false)
                    : new Setting(key.key(), shown(key, v.getValue()), v.getSourceName(), v.getSourceOrdinal(),
                            outranksConsole(v.getSourceName())));
        }
        return settings;
    }

    /** A secret's value as {@link #HIDDEN}, or empty when it is: the operator sees whether it is set and where. */
    static String shown(Key key, String value) {
        return key.secret() && !value.isEmpty() ? HIDDEN : value;
    }

    /**
     * By name, since the ordinals of the other sources are each server's choice: Payara says
     * "Environment" and "SystemProperty", SmallRye (WildFly) "EnvConfigSource" and
     * "SysPropConfigSource".
     */
    static boolean outranksConsole(String sourceName) {
        String name = sourceName.toLowerCase(Locale.ROOT);
        return name.startsWith("env") || name.startsWith("sys");
    }
}
