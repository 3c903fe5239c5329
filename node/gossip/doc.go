// Package gossip is tvix-node's cluster membership and message layer, built
// on hashicorp/memberlist (SWIM: randomised probing, indirect probes,
// suspicion, and gossip piggybacked on the probe traffic).
//
// # Membership
//
// Every node runs one [Gossip]. It joins the cluster through any known
// member's gossip address, and advertises a [NodeMeta] (peer ID, API address,
// systems, features, build slots, load, store usage, signing key) in
// memberlist's per-node metadata. The metadata is a compact, versioned binary
// encoding (see [NodeMeta.MarshalBinary]) that must fit memberlist's
// 512-byte limit; [Gossip.SetMeta] re-advertises it when it changes.
// Membership changes come out as [Event]s: joined, updated, left, dead.
//
// Failure detection uses the LAN profile by default: probes every 200 ms with
// a 100 ms timeout and a suspicion multiplier of 2, which declares a killed
// node dead in about a second on a quiet LAN (memberlist's own defaults take
// 5–6 s). [ProfileDefault] and [ProfileWAN] select memberlist's stock timings.
//
// # Encryption
//
// All gossip (UDP packets and TCP streams) is encrypted with AES-256-GCM by
// memberlist. Its 32-byte key is derived from the cluster pre-shared key
// (the swarm.key PSK that also guards libp2p) with HKDF-SHA256, no salt, and
// the fixed info string [KeyContext]; see [DeriveKey]. Nodes with another PSK
// cannot decrypt each other and so never join.
//
// # Messages
//
// Build-farm messages ([Message]: job offers, claims, lease grants,
// heartbeats, "building" announcements, done and failed notices) travel in a
// small versioned envelope. Point-to-point messages go directly to one member
// ([Gossip.Send], over memberlist's reliable TCP stream or best-effort UDP).
// Cluster-wide messages ([Gossip.Broadcast]) are queued in a
// memberlist.TransmitLimitedQueue and piggybacked on gossip packets; memberlist
// retransmits a queued message only from the node that queued it, so every
// node that receives a broadcast for the first time delivers it and queues it
// again itself (epidemic relay). Message IDs are remembered in a bounded
// cache so that relayed copies are delivered once.
//
// # Delivery contract
//
// Messages and events are handed to Config.OnMessage and Config.OnEvent from
// one dispatcher goroutine per Gossip: one call at a time, in arrival order,
// never while memberlist or Gossip locks are held, so handlers may call back
// into the Gossip (Send, Broadcast, SetMeta). A slow handler delays later
// deliveries but never stalls memberlist; when more than Config.InboxSize
// messages wait, new messages are dropped and counted in [Stats]. Events are
// never dropped.
//
// # In-memory network
//
// [NewMemNetwork] provides memberlist Transports connected in memory, with
// buffered, lossy, delayed packet delivery, per-link latency and loss, and
// partitions. A dead node's packets are dropped and dials to it fail at once,
// so nothing blocks on a node that is gone. The network reads time through
// [Clock] so a simulator can supply its own; memberlist's own probe and
// gossip timers still run on wall time, so a simulation runs the gossip
// layer at wall speed, and with many nodes per core sets Config.TimeScale
// above 1 so that scheduling delays are not taken for failures.
package gossip
