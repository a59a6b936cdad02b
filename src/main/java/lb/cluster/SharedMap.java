package lb.cluster;

import java.util.Map;

/** A map of strings shared through the {@link Grid}: only strings, so no member needs the application's classes. */
public interface SharedMap {
    String get(String key);

    void put(String key, String value);

    void remove(String key);

    /** Every entry, as this member holds them now. */
    Map<String, String> snapshot();

    /** Calls {@code changed} on a thread of the grid after any member changed the map. */
    void onChange(Runnable changed);
}
