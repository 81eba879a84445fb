package io.akkaraft.role;

import io.akkaraft.core.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a leader which followers have stopped catching up: behind its log, with a match index that has not
 * moved for a while. Such a group commits on, but without the fault tolerance it was built for, so the
 * leader says so once per stall (and once when the follower moves again) instead of staying silent.
 */
final class StalledFollowers {
  private static final class Seen {
    long matchIndex;
    long since;
    boolean reported;

    Seen(long matchIndex, long since) {
      this.matchIndex = matchIndex;
      this.since = since;
    }
  }

  private final long stallNanos;
  private final Map<String, Seen> seen = new HashMap<>();

  StalledFollowers(long stallNanos) {
    this.stallNanos = stallNanos;
  }

  /** Lines to log now: followers that just counted as stalled, or that just moved again. */
  List<String> check(Map<String, Progress> progress, long lastIndex, long now) {
    List<String> news = new ArrayList<>();
    progress.forEach((peer, p) -> {
      Seen s = seen.computeIfAbsent(peer, x -> new Seen(p.matchIndex(), now));
      if (p.matchIndex() != s.matchIndex || p.matchIndex() >= lastIndex) {
        if (s.reported) news.add("follower " + peer + " is catching up again at index " + p.matchIndex());
        s.matchIndex = p.matchIndex();
        s.since = now;
        s.reported = false;
      } else if (!s.reported && now - s.since >= stallNanos) {
        s.reported = true;
        news.add("follower " + peer + " has not caught up for " + (now - s.since) / 1_000_000 + " ms: it holds "
            + p.matchIndex() + " of " + lastIndex + " entries" + (p.probing() ? ", and its log is being probed" : ""));
      }
    });
    return news;
  }
}
