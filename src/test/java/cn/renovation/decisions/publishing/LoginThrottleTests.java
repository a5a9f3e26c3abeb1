package cn.renovation.decisions.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The counting behind the 429s, on a clock the test moves: 3 failures free per user and address, 5 per address,
 * then a delay of 10 s that doubles with each further failure up to 80 s; forgotten after an hour of quiet.
 */
class LoginThrottleTests {
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final LoginThrottle throttle = new LoginThrottle(
            new SecurityProperties.Login(3, 5, Duration.ofSeconds(10), Duration.ofSeconds(80), Duration.ofHours(1)),
            now::get);

    private void seconds(long s) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void locked_failuresForAUserFromOneAddress_delayOnlyThatPair_theUserSignsInFromElsewhere() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.locked("zhang", "10.0.0.1")).isEmpty();
            throttle.failed("zhang", "10.0.0.1");
        }

        assertThat(throttle.locked("zhang", "10.0.0.1")).hasValue(new LoginThrottle.Lock("user-and-address", 10));
        assertThat(throttle.locked("zhang", "10.0.0.2")).isEmpty();
        assertThat(throttle.locked("li", "10.0.0.1")).isEmpty();
        seconds(10);
        assertThat(throttle.locked("zhang", "10.0.0.1")).isEmpty();
    }

    @Test
    void locked_eachFurtherFailure_doublesTheDelayUpToTheCap_neverALockForGood() {
        long[] expected = {10, 20, 40, 80, 80, 80};
        for (int i = 0; i < 3; i++) {
            throttle.failed("wang", "10.0.0.1");
        }
        for (long delay : expected) {
            assertThat(throttle.locked("wang", "10.0.0.1")).hasValue(new LoginThrottle.Lock("user-and-address", delay));
            seconds(delay);
            assertThat(throttle.locked("wang", "10.0.0.1")).isEmpty();
            throttle.failed("wang", "10.0.0.1");
        }
    }

    @Test
    void locked_failuresForManyUsersFromOneAddress_delayTheAddressForEveryUser() {
        for (String user : new String[] {"a", "b", "c", "d", "e"}) {
            throttle.failed(user, "10.0.0.9");
        }

        assertThat(throttle.locked("never-failed", "10.0.0.9"))
                .hasValueSatisfying(l -> assertThat(l.by()).isEqualTo("address"));
        assertThat(throttle.locked("never-failed", "10.0.0.8")).isEmpty();
    }

    @Test
    void succeeded_clearsThePairOnly_theAddressKeepsItsCount() {
        for (String user : new String[] {"a", "a", "b", "c"}) {
            throttle.failed(user, "10.0.0.9");
        }
        throttle.succeeded("a", "10.0.0.9");
        throttle.failed("a", "10.0.0.9");

        assertThat(throttle.locked("a", "10.0.0.9"))
                .as("the address's fifth failure, not the pair's")
                .hasValueSatisfying(l -> assertThat(l.by()).isEqualTo("address"));
    }

    @Test
    void locked_anHourOfQuiet_forgetsTheFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("zhao", "10.0.0.1");
        }
        seconds(3600);

        assertThat(throttle.locked("zhao", "10.0.0.1")).isEmpty();
        throttle.failed("zhao", "10.0.0.1");
        assertThat(throttle.locked("zhao", "10.0.0.1"))
                .as("counting starts again")
                .isEmpty();
    }
}
