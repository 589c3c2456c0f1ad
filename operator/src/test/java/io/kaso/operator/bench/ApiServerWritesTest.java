package io.kaso.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerWritesTest {
  @Test
  void sumsWriteCountersByVerbAndResourceLeavingReadsOut() {
    String metrics = """
        # HELP apiserver_request_total [STABLE] Counter of apiserver requests
        # TYPE apiserver_request_total counter
        apiserver_request_total{code="200",component="apiserver",contentType="application/json",dry_run="",\
        group="kaso.io",resource="externalparameters",scope="resource",subresource="status",verb="PATCH",\
        version="v1alpha1"} 7
        apiserver_request_total{code="409",component="apiserver",contentType="application/json",dry_run="",\
        group="kaso.io",resource="externalparameters",scope="resource",subresource="status",verb="PATCH",\
        version="v1alpha1"} 2
        apiserver_request_total{code="201",component="apiserver",contentType="application/json",dry_run="",\
        group="",resource="secrets",scope="namespace",subresource="",verb="POST",version="v1"} 1.5e+06
        apiserver_request_total{code="200",component="apiserver",contentType="application/json",dry_run="",\
        group="",resource="secrets",scope="namespace",subresource="",verb="LIST",version="v1"} 40
        apiserver_request_duration_seconds_count{component="",dry_run="",group="",resource="secrets",scope="",\
        subresource="",verb="POST",version="v1"} 99
        """;

    assertThat(ApiServerWrites.parse(metrics))
        .isEqualTo(Map.of("PATCH externalparameters/status", 9L, "POST secrets", 1_500_000L));
  }
}
