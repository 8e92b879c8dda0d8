package dev.loyalty.engine.application;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a recalculation over everybody counts a customer's chunk as done, in the store's order of ids. */
class JobPositionTest {

    @Test
    void aCustomerIsPassedOnceTheCursorHasReachedIt() {
        JobPosition c2 = new JobPosition("job-1", "c-2");

        assertThat(c2.passedBy(null)).as("no chunk finished yet").isFalse();
        assertThat(c2.passedBy("c-1")).isFalse();
        assertThat(c2.passedBy("c-2")).isTrue();
        assertThat(c2.passedBy("c-3")).isTrue();
        assertThat(new JobPosition("job-1", "c-10").passedBy("c-2")).as("ids compare as strings, like the store sorts them").isTrue();
    }

    @Test
    void onlyIdsWhoseOrderJavaAndMongoDbAgreeOnAreLeftToTheCursor() {
        assertThat(JobPosition.ordersAlike("C-0001_Hà Nội")).isTrue();
        // U+E000 sorts after a surrogate pair in Java (UTF-16) but before its code point in MongoDB (UTF-8)
        assertThat(JobPosition.ordersAlike("c-\uE000")).isFalse();
        assertThat(JobPosition.ordersAlike("c-\uD83D\uDE00")).isFalse();
    }
}
