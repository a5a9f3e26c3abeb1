package cn.renovation.decisions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port, in one context shared by every test class that needs nothing but the service
 * as it ships: its data directory ({@link DataDir}) is one per test JVM under {@code target/}, so the classes'
 * configurations are equal and Spring starts (and compiles the ruleset) once for all of them, and nothing deletes the
 * directory while the cached context's decision log still writes to it (no {@code @DirtiesContext} needed).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ServiceTest.DataDir.class)
public @interface ServiceTest {
    /** The shared context's one user: an auditor (health details, recorded decisions). */
    String AUDITOR = "health.auditor";

    String AUDITOR_PASSWORD = "reads health details";

    /** One data directory (decision log, publishing state, archive) for the shared context, under target/. */
    final class DataDir implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        static final Path DIR = create();

        private static Path create() {
            try {
                Files.createDirectories(Path.of("target"));
                return Files.createTempDirectory(Path.of("target"), "service-test-")
                        .toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "renovation.data-dir=" + DIR,
                            "audit.data-dir=" + DIR,
                            // one instance, nothing to follow: a ruleset a test puts to serve by hand (a defective one,
                            // in EvaluationHttpTests) is not replaced by the database's active pointer half a second
                            // later
                            "renovation.replicas.poll-interval=1h",
                            // one auditor, who reads health details (an auditor alone leaves administration off)
                            "renovation.security.users[0].name=" + AUDITOR,
                            "renovation.security.users[0].password=" + TestUsers.hash(AUDITOR_PASSWORD),
                            "renovation.security.users[0].roles=AUDITOR")
                    .applyTo(context);
        }
    }
}
