package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The counting behind the 429s, on a clock the test moves: windows, limits and what does not reset them. */
class LoginThrottleTests {
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final LoginThrottle throttle =
            new LoginThrottle(new SecurityProperties.Login(3, 5, Duration.ofMinutes(5)), now::get);

    private void minutes(long m) {
        now.addAndGet(TimeUnit.MINUTES.toNanos(m));
    }

    @Test
    void locked_failuresUpToTheUserLimit_lockThatUserForTheRestOfTheWindowOnly() {
        throttle.failed("zhang", "10.0.0.1");
        throttle.failed("zhang", "10.0.0.1");
        assertThat(throttle.locked("zhang", "10.0.0.1")).isEmpty();
        minutes(1);
        throttle.failed("zhang", "10.0.0.2");

        assertThat(throttle.locked("zhang", "10.0.0.3")).hasValue(new LoginThrottle.Lock("user", 240));
        assertThat(throttle.locked("li", "10.0.0.1")).isEmpty();
        minutes(4);
        assertThat(throttle.locked("zhang", "10.0.0.3")).isEmpty();
    }

    @Test
    void locked_failuresForManyUsersFromOneAddress_lockTheAddressForEveryUser() {
        for (String user : new String[] {"a", "b", "c", "d", "e"}) {
            throttle.failed(user, "10.0.0.9");
        }

        assertThat(throttle.locked("never-failed", "10.0.0.9"))
                .hasValueSatisfying(l -> assertThat(l.by()).isEqualTo("address"));
        assertThat(throttle.locked("never-failed", "10.0.0.8")).isEmpty();
    }

    @Test
    void locked_theWindowCountsFromTheFirstFailure_laterFailuresDoNotExtendIt() {
        throttle.failed("wang", "10.0.0.1");
        minutes(4);
        throttle.failed("wang", "10.0.0.1");
        throttle.failed("wang", "10.0.0.1");

        assertThat(throttle.locked("wang", "10.0.0.1")).hasValue(new LoginThrottle.Lock("user", 60));
        minutes(1);
        assertThat(throttle.locked("wang", "10.0.0.1")).isEmpty();
    }
}
