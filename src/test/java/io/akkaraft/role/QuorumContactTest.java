package io.akkaraft.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whether a majority still answers the leader: the basis of leader stickiness and of stepping down. */
class QuorumContactTest {

  @Test
  @DisplayName("a new leader counts every follower as just heard, so it neither steps down nor yields at once")
  void newLeadershipStartsActive() {
    QuorumContact contact = new QuorumContact(List.of("b", "c"), 2, 1_000);
    assertEquals(0, contact.majorityAge(1_000));
    assertTrue(contact.active(1_099, 100));
    assertFalse(contact.active(1_100, 100));
  }

  @Test
  @DisplayName("in a group of five, the answer of the second most recent follower decides (with the leader, three)")
  void majorityIsTheLeaderAndTheMostRecentFollowers() {
    QuorumContact contact = new QuorumContact(List.of("b", "c", "d", "e"), 3, 0);
    contact.heardFrom("b", 500);
    contact.heardFrom("c", 300);
    contact.heardFrom("d", 100);
    assertEquals(1_000 - 300, contact.majorityAge(1_000));
    contact.heardFrom("e", 900);
    assertEquals(1_000 - 500, contact.majorityAge(1_000));
  }

  @Test
  @DisplayName("one follower answering often cannot keep a leader of five active on its own")
  void oneFollowerIsNotAMajorityOfFive() {
    QuorumContact contact = new QuorumContact(List.of("b", "c", "d", "e"), 3, 0);
    for (long t = 100; t <= 1_000; t += 100) contact.heardFrom("b", t);
    assertEquals(1_000, contact.majorityAge(1_000));
    assertFalse(contact.active(1_000, 500));
  }

  @Test
  @DisplayName("answers from members that are not followers of this leadership are ignored")
  void strangersAreIgnored() {
    QuorumContact contact = new QuorumContact(List.of("b", "c"), 2, 0);
    contact.heardFrom("x", 900);
    assertEquals(1_000, contact.majorityAge(1_000));
  }

  @Test
  @DisplayName("monotonic clocks may wrap: ages are differences, never compared as absolute values")
  void clockValuesNearOverflowWork() {
    long start = Long.MAX_VALUE - 50;
    QuorumContact contact = new QuorumContact(List.of("b", "c"), 2, start);
    contact.heardFrom("b", start + 100);
    assertEquals(20, contact.majorityAge(start + 120));
  }
}
