/**
 * How members reach each other. {@link io.akkaraft.transport.ReceptionistTransport} registers each member
 * under its own Receptionist key ({@code akka-raft|group|member}) and subscribes to its peers' keys, so
 * peers are found across an Akka Cluster and again after a restart.
 */
package io.akkaraft.transport;
