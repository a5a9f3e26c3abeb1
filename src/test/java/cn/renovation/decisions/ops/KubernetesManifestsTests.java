package cn.renovation.decisions.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests in deploy/k8s, parsed offline into fabric8's typed Kubernetes model and checked strictly:
 * a field the model does not know (a typo, a field of another API version) fails the test, as it would
 * fail {@code kubectl apply --validate=strict}. The probes must point at the actuator's probe groups as
 * this application configures them ({@link cn.renovation.decisions.publishing.ReplicasTests} also GETs
 * them from a running instance), and the pod must be given longer to stop than the service takes.
 */
public class KubernetesManifestsTests {
    static final Path DIR = Path.of("deploy/k8s");

    /** Every manifest, by kind, parsed into the typed model; fails on a field the model does not know. */
    public static Map<String, HasMetadata> manifests() throws Exception {
        KubernetesSerialization serialization = new KubernetesSerialization();
        Map<String, HasMetadata> byKind = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                HasMetadata r;
                try (InputStream in = Files.newInputStream(f)) {
                    r = serialization.unmarshal(in);
                }
                assertThat(r)
                        .as(f + " is one Kubernetes resource of a kind the model knows")
                        .isNotNull();
                List<String> unknown = new ArrayList<>();
                unknownFields(r, r.getKind(), unknown);
                assertThat(unknown)
                        .as(f + ": fields the Kubernetes API does not have")
                        .isEmpty();
                assertThat(byKind.put(r.getKind(), r))
                        .as("one " + r.getKind() + " in " + DIR)
                        .isNull();
            }
        }
        return byKind;
    }

    /** The probe paths of the Deployment's container, for a test that asks a running instance. */
    public static List<String> probePaths() throws Exception {
        Container c = container((Deployment) manifests().get("Deployment"));
        return Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())
                .map(p -> p.getHttpGet().getPath())
                .distinct()
                .toList();
    }

    /** Fabric8's model keeps unknown fields in additionalProperties rather than refusing them: walk it and collect them. */
    static void unknownFields(Object o, String path, List<String> unknown) throws Exception {
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) {
                unknownFields(x, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), unknown);
            }
            return;
        }
        if (o == null || !o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(v, path + "." + m.getName().substring(3), unknown);
            }
        }
    }

    static Container container(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(cs).hasSize(1);
        return cs.get(0);
    }

    static Properties applicationProperties() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void strictParse_refusesAFieldTheApiDoesNotHave() throws Exception {
        String typo = Files.readString(DIR.resolve("deployment.yaml")).replace("readinessProbe:", "readinesProbe:");
        Object r = new KubernetesSerialization().unmarshal(typo);
        List<String> unknown = new ArrayList<>();
        unknownFields(r, "Deployment", unknown);
        assertThat(unknown).singleElement().asString().contains("readinesProbe");
    }

    @Test
    void deployment_runsReplicasWithProbesOnTheActuatorsGroups_resources_andGracefulShutdown() throws Exception {
        Map<String, HasMetadata> all = manifests();
        assertThat(all.keySet()).contains("Deployment", "Service", "PodDisruptionBudget", "Secret", "ConfigMap");
        Properties app = applicationProperties();
        Deployment d = (Deployment) all.get("Deployment");
        assertThat(d.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        Container c = container(d);
        int port = c.getPorts().stream()
                .filter(p -> "http".equals(p.getName()))
                .findFirst()
                .orElseThrow()
                .getContainerPort();
        assertThat(port)
                .as("the container port is the server's")
                .isEqualTo(Integer.parseInt(app.getProperty("server.port")));

        // probes: the actuator's liveness and readiness groups (enabled, readiness including ruleset and decision log)
        assertThat(app.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(app.getProperty("management.endpoint.health.group.readiness.include"))
                .contains("ruleset", "decisionLog");
        assertProbe(c.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(c.getStartupProbe(), "/actuator/health/liveness");
        assertProbe(c.getReadinessProbe(), "/actuator/health/readiness");

        // resources
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");

        // graceful shutdown: preStop pause plus Spring's shutdown phase fit in the grace period
        assertThat(app.getProperty("server.shutdown")).isEqualTo("graceful");
        long phase = Duration.parse("PT"
                        + app.getProperty("spring.lifecycle.timeout-per-shutdown-phase")
                                .toUpperCase())
                .toSeconds();
        long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(phase + preStop);

        // Prometheus scrapes the actuator's endpoint, which the application exposes
        Map<String, String> annotations =
                d.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/actuator/prometheus")
                .containsEntry("prometheus.io/port", Integer.toString(port));
        assertThat(app.getProperty("management.endpoints.web.exposure.include")).contains("prometheus");

        // configuration and secrets come from the ConfigMap and the Secret of deploy/k8s
        List<String> from = c.getEnvFrom().stream()
                .map(e -> e.getConfigMapRef() != null
                        ? "ConfigMap/" + e.getConfigMapRef().getName()
                        : "Secret/" + e.getSecretRef().getName())
                .toList();
        assertThat(from)
                .containsExactlyInAnyOrder(
                        "ConfigMap/" + all.get("ConfigMap").getMetadata().getName(),
                        "Secret/" + all.get("Secret").getMetadata().getName());
    }

    /**
     * Issue 21: after an OutOfMemoryError the JVM lived on, Tomcat's poller thread dead, accepting connections and
     * answering nothing for 15 minutes. Every way the service is started ends the process on one instead, so that
     * its supervisor restarts it: the image's JVM flags, the manifests' JAVA_TOOL_OPTIONS, mvn spring-boot:run, the
     * scripts and every service command line in the README and docs.
     */
    @Test
    void everyWayTheServiceIsStarted_exitsOnOutOfMemoryError() throws Exception {
        String flag = "-XX:+ExitOnOutOfMemoryError";
        Map<String, String> config = ((ConfigMap) manifests().get("ConfigMap")).getData();
        assertThat(config.get("JAVA_TOOL_OPTIONS")).contains(flag);

        String pom = Files.readString(Path.of("pom.xml"));
        String jib = pom.substring(pom.indexOf("<artifactId>jib-maven-plugin</artifactId>"));
        assertThat(jib.substring(0, jib.indexOf("</plugin>")))
                .as("the image's JVM flags (pom.xml, jib)")
                .contains("<jvmFlag>" + flag + "</jvmFlag>");
        String boot = pom.substring(pom.indexOf("<artifactId>spring-boot-maven-plugin</artifactId>"));
        assertThat(boot.substring(0, boot.indexOf("</plugin>")))
                .as("mvn spring-boot:run")
                .contains("<jvmArguments>" + flag + "</jvmArguments>");

        // a service start: java [options] -jar <the jar> followed by options, a line break or the end — not a command
        java.util.regex.Pattern serviceStart = java.util.regex.Pattern.compile(
                "java}?\\s+(?:\\$\\{[^}]*}\\s+|-\\S+\\s+)*-jar\\s+\\S+(?:\\s+--|\\s*\\\\$|\\s*`|\\s*$|\\s*\\))");
        List<String> starts = new ArrayList<>();
        List<String> withoutFlag = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(
                Path.of("README.md"),
                Path.of("scripts/smoke.sh"),
                Path.of("scripts/load.sh"),
                Path.of("scripts/replicas.sh")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                java.util.regex.Matcher m = serviceStart.matcher(line);
                while (m.find()) {
                    if (m.group().contains("jarmode=")
                            || m.group().contains("benchmarks.jar")
                            || line.contains(m.group() + "help")) {
                        continue;
                    }
                    starts.add(f + ": " + m.group());
                    if (!m.group().contains(flag)) {
                        withoutFlag.add(f + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(starts)
                .as("service starts found")
                .anySatisfy(s -> assertThat(s).startsWith("scripts/smoke.sh"))
                .anySatisfy(s -> assertThat(s).startsWith("scripts/load.sh"))
                .anySatisfy(s -> assertThat(s).startsWith("README.md"));
        assertThat(withoutFlag).as("service starts without " + flag).isEmpty();
    }

    /**
     * Liveness must fail when the connector stops answering: an HTTP probe on the service's own port (no separate
     * management port, which would have its own connector), on the livenessState group alone (a database outage takes
     * a pod out of readiness, it must not restart every pod), restarting a hung pod within a minute.
     */
    @Test
    void liveness_isAnHttpProbeThroughTheServicesConnector_restartingAHungPodWithinAMinute() throws Exception {
        Properties app = applicationProperties();
        assertThat(app.getProperty("management.server.port"))
                .as("the actuator on the service's connector")
                .isNull();
        assertThat(app.getProperty("management.endpoint.health.group.liveness.include"))
                .isEqualTo("livenessState");
        Container c = container((Deployment) manifests().get("Deployment"));
        Probe live = c.getLivenessProbe();
        assertThat(live.getExec()).isNull();
        assertThat(live.getTcpSocket())
                .as("a TCP probe passes on a connector that accepts and never answers")
                .isNull();
        assertProbe(live, "/actuator/health/liveness");
        int period = live.getPeriodSeconds();
        int timeout = live.getTimeoutSeconds();
        assertThat(timeout).isBetween(1, period);
        assertThat(period * live.getFailureThreshold())
                .as("seconds to restart a hung pod")
                .isLessThanOrEqualTo(60);
    }

    @Test
    void serviceAndDisruptionBudget_selectTheDeploymentsPods() throws Exception {
        Map<String, HasMetadata> all = manifests();
        Deployment d = (Deployment) all.get("Deployment");
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());

        Service s = (Service) all.get("Service");
        assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector());
        assertThat(s.getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));

        PodDisruptionBudget pdb = (PodDisruptionBudget) all.get("PodDisruptionBudget");
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        int minAvailable = pdb.getSpec().getMinAvailable().getIntVal();
        assertThat(minAvailable)
                .as("a drain keeps one serving, and can still evict one")
                .isBetween(1, d.getSpec().getReplicas() - 1);
    }

    @Test
    void secretHoldsUsersAndKeys_configMapThePostgresUrl() throws Exception {
        Map<String, HasMetadata> all = manifests();
        Map<String, String> secret = ((Secret) all.get("Secret")).getStringData();
        assertThat(secret)
                .containsKeys(
                        "SPRING_DATASOURCE_PASSWORD", "RENOVATION_SECURITY_APIKEY", "RENOVATION_SECURITY_AUDITAPIKEY");
        for (int i = 0; i < 3; i++) {
            assertThat(secret)
                    .containsKeys(
                            "RENOVATION_SECURITY_USERS_" + i + "_NAME", "RENOVATION_SECURITY_USERS_" + i + "_ROLES");
            assertThat(secret.get("RENOVATION_SECURITY_USERS_" + i + "_PASSWORD"))
                    .as("a hash, never a password")
                    .startsWith("{bcrypt}");
        }
        assertThat(secret.values().stream().filter(v -> v.startsWith("RENOVATION_")))
                .isEmpty();
        Map<String, String> config = ((ConfigMap) all.get("ConfigMap")).getData();
        assertThat(config.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://");
        assertThat(config)
                .containsKeys("SPRING_DATASOURCE_USERNAME", "RULESETS_DIR", "RENOVATION_REPLICAS_POLL_INTERVAL");
        assertThat(config).doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
    }

    static void assertProbe(Probe p, String path) {
        assertThat(p).as(path).isNotNull();
        assertThat(p.getHttpGet().getPath()).isEqualTo(path);
        assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
}
