package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import io.akkaraft.RaftMetrics;
import io.akkaraft.RaftSettings;
import io.akkaraft.StateMachine;
import io.akkaraft.core.UnsafeRule;
import io.akkaraft.persistence.JournalProtocol;
import io.akkaraft.transport.PeerTransport;
import java.util.Set;
import java.util.function.LongSupplier;

/** What {@link RaftMember.Builder} assembled, handed from recovery to the running member. */
record MemberParts(
    RaftSettings settings,
    PeerTransport transport,
    ActorRef<JournalProtocol.Command> journal,
    StateMachine<?, ?> stateMachine,
    RaftMember.StateObserver observer,
    RaftMember.CommandCodec codec,
    RaftMetrics metrics,
    LongSupplier clock,
    Set<UnsafeRule> unsafeRules) {}
