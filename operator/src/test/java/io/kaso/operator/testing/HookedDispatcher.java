package io.kaso.operator.testing;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The mock API's dispatcher with one-shot hooks that run before a matching request is served: a test can make
 * another actor's write land exactly while the operator's own request is in flight.
 */
final class HookedDispatcher extends Dispatcher implements Resetable, CustomResourceAware {
  private record Hook(Predicate<RecordedRequest> when, Runnable action) {}

  private final KubernetesMixedDispatcher delegate;
  private final List<Hook> hooks = new CopyOnWriteArrayList<>();
  private final List<Consumer<RecordedRequest>> listeners = new CopyOnWriteArrayList<>();

  HookedDispatcher(KubernetesMixedDispatcher delegate) {
    this.delegate = delegate;
  }

  void before(Predicate<RecordedRequest> when, Runnable action) {
    hooks.add(new Hook(when, action));
  }

  /**
   * Applies a JSON Patch to an object, served in the calling thread: a hook cannot make an HTTP call of its own,
   * since the server answers one request at a time.
   */
  void jsonPatch(String path, String patch) {
    MockResponse response = delegate.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, path,
        Headers.builder().add("Content-Type", "application/json-patch+json").build(),
        new Buffer().writeUtf8(patch)));
    if (response.code() >= 300) {
      throw new IllegalStateException("patch of " + path + " failed: " + response.code());
    }
  }

  void onEveryRequest(Consumer<RecordedRequest> listener) {
    listeners.add(listener);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    listeners.forEach(l -> l.accept(request));
    for (Hook hook : hooks) {
      if (hook.when().test(request) && hooks.remove(hook)) {
        hook.action().run();
      }
    }
    return delegate.dispatch(request);
  }

  @Override
  public void reset() {
    delegate.reset();
  }

  @Override
  public void expectCustomResource(CustomResourceDefinitionContext rdc) {
    delegate.expectCustomResource(rdc);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}
