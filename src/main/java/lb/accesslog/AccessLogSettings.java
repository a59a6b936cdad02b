package lb.accesslog;

/**
 * The access log's configuration.
 *
 * @param path    {@code lb.access-log.path}, a {@link java.util.logging.FileHandler} pattern; empty: no access log
 * @param maxSize bytes after which a new file is begun; 0: one file that is never rotated
 * @param files   files kept when rotating, the current one included
 */
public record AccessLogSettings(String path, AccessLogFormat format, int maxSize, int files) {

    public boolean enabled() {
        return !path.isEmpty();
    }

    /** Whether the two write to the same files the same way (the format may differ). */
    boolean sameFiles(AccessLogSettings other) {
        return other != null && path.equals(other.path) && maxSize == other.maxSize && files == other.files;
    }
}
