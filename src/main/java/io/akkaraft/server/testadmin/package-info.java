/**
 * TESTS ONLY: the partitions a key-value node serves on {@code /admin/partition} when it runs with
 * {@code --test-admin}. {@link io.akkaraft.server.testadmin.PartitionHook} cuts the node off from chosen
 * peers, through Artery's test-mode blackhole and by wrapping the member's
 * {@link io.akkaraft.transport.PeerTransport}. Part of the service, not of the library jar: the library
 * only offers the transport wrapper it plugs into ({@code RaftNode.create(..., UnaryOperator<PeerTransport>)}).
 */
package io.akkaraft.server.testadmin;
