package lb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/**
 * The operator of the test runs: a file-realm user in the group lb-admin, made by the Payara
 * Micro post-boot file that arquillian.xml names ({@code create-file-user}, as the README tells
 * operators). The password is new for every test JVM, so no secret lives in the repository.
 */
public final class AdminUser {
    public static final String NAME = "it-admin";
    public static final String PASSWORD = UUID.randomUUID().toString();
    /** A header line for {@link RawClient#get}. */
    public static final String AUTHORIZATION = "Authorization: Basic "
            + Base64.getEncoder().encodeToString((NAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private static final Path DIR = Path.of(System.getProperty("lb.adminDir", "target/it-admin"));

    static {
        try {
            Files.createDirectories(DIR);
            Path passwordFile = DIR.resolve("password");
            Files.writeString(passwordFile, "AS_ADMIN_USERPASSWORD=" + PASSWORD + "\n");
            String postboot = Files.readString(Path.of(System.getProperty("lb.postboot", "server-config/payara/postboot.asadmin")));
            Files.writeString(DIR.resolve("postboot.asadmin"), postboot
                    + "\ncreate-file-user --groups lb-admin --passwordfile " + passwordFile.toAbsolutePath() + " " + NAME + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AdminUser() {
    }

    /** Writes the post-boot file with the user; call before Payara Micro starts. */
    public static void prepare() {
        // the static initializer does the work, once per JVM
    }

    /** The shipped post-boot file plus the user, for --postbootcommandfile. */
    public static Path postboot() {
        return DIR.resolve("postboot.asadmin").toAbsolutePath();
    }
}
