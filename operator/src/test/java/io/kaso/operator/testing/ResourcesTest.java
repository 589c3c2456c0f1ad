package io.kaso.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcesTest {

  @Test
  void onlyJosdksTimerRaceIsIgnoredWhileWaiting() {
    assertThat(Resources.josdkTimerRace(thrownAt(new IllegalStateException("Task already scheduled or cancelled"),
        "io.javaoperatorsdk.operator.processing.event.source.timer.TimerEventSource", "scheduleOnce"))).isTrue();
    assertThat(Resources.josdkTimerRace(thrownAt(new IllegalStateException("Task already scheduled or cancelled"),
        "io.kaso.operator.reconciler.Reconciliation", "reconcile"))).isFalse();
    assertThat(Resources.josdkTimerRace(thrownAt(new IllegalArgumentException("x"),
        "io.javaoperatorsdk.operator.processing.event.source.timer.TimerEventSource", "scheduleOnce"))).isFalse();
  }

  private static Throwable thrownAt(Throwable t, String className, String method) {
    t.setStackTrace(new StackTraceElement[] {new StackTraceElement("java.util.Timer", "sched", "Timer.java", 401),
        new StackTraceElement(className, method, "X.java", 1)});
    return t;
  }
}
