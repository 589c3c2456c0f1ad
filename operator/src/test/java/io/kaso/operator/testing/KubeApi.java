package io.kaso.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The in-memory Kubernetes API of the tests: Fabric8's mock server in CRUD mode (with expectations where CRUD cannot
 * answer, such as TokenRequest), with Kaso's CRDs from crds/ applied.
 */
public final class KubeApi implements AutoCloseable {
  private static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));
  private static final Logger LOG = LoggerFactory.getLogger(KubeApi.class);

  static {
    // The mock server logs every request through java.util.logging; send it to logback, which keeps warnings.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final HookedDispatcher dispatcher;

  public KubeApi() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    dispatcher = new HookedDispatcher(new KubernetesMixedDispatcher(responses));
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init();
    client = server.createClient();
    for (String crd : new String[] {"externalparameters.kaso.io", "externalsecrets.kaso.io"}) {
      try {
        client.resource(client.getKubernetesSerialization().unmarshal(
            Files.readString(ROOT.resolve("crds").resolve(crd + ".yaml")), CustomResourceDefinition.class)).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    namespace("kaso-system", Map.of());
  }

  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  /**
   * Runs an action just before the first request whose method and path (ending with {@code requestSuffix}) match is
   * served, while that request waits: another actor's write landing in the middle of the operator's. The action
   * writes to this API with {@link #jsonPatch} (the server answers one request at a time).
   */
  public void during(String method, String requestSuffix, Runnable action) {
    dispatcher.before(r -> method.equalsIgnoreCase(r.getMethod()) && r.getPath() != null
        && r.getPath().split("\\?")[0].endsWith(requestSuffix), action);
  }

  /** Sees every request the API serves (the benchmark counts writes by kind with it). */
  public void onEveryRequest(Consumer<RecordedRequest> listener) {
    dispatcher.onEveryRequest(listener);
  }

  /** Applies a JSON Patch to the object at an API path, in the calling thread (usable inside {@link #during}). */
  public void jsonPatch(String objectPath, String patch) {
    dispatcher.jsonPatch(objectPath, patch);
  }

  /** Creates a namespace with annotations (policy annotations, for instance). */
  public void namespace(String name, Map<String, String> annotations) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .withAnnotations(annotations).endMetadata().build()).createOr(r -> r.update());
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // The mock server sometimes cannot close its listener within its own 10 s while a connection an operator
      // abandoned at shutdown is still open (seen on main too, in RotationEventsIT.onlyTheLeaderPolls). The test
      // itself is over; the next one gets a server of its own.
      LOG.warn("the in-memory Kubernetes API did not close cleanly: {}", e.getMessage());
    }
  }
}
