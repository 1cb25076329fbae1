// The status page: asks /status.json every 500 ms and redraws. Every value goes into the page as
// text (textContent), never as markup: group names, reasons and check output come from
// configuration files and from peers.
"use strict";

const POLL_MS = 500;

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function row(cells, attributes) {
  const tr = document.createElement("tr");
  for (const [name, value] of Object.entries(attributes || {})) {
    tr.setAttribute(name, value);
  }
  for (const cell of cells) {
    tr.appendChild(cell);
  }
  return tr;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

function groupRow(group) {
  const health = el("td", group.health, "health " + String(group.health).toLowerCase());
  if (group.healthReason) {
    health.appendChild(el("div", group.healthReason, "reason"));
  }
  for (const check of group.checks || []) {
    health.appendChild(el("div", check.check + ": " + check.health + (check.output ? " (" + check.output + ")" : ""), "check"));
  }
  const holder = el("td", group.holder === null ? "none" : group.holder, "holder");
  if (group.lease) {
    holder.appendChild(el("div", "lease: " + (group.lease.holder === null ? "free" : group.lease.holder)
        + (group.lease.awaiting ? " (waiting for it)" : ""), "lease"));
  }
  return row([
    el("td", group.group, "name"),
    el("td", group.state, "state " + String(group.state).toLowerCase()),
    holder,
    el("td", (group.vips || []).join(", "), "vips"),
    el("td", group.role + " (" + group.priority + ")", "role"),
    health,
    el("td", time(group.since), "since"),
  ], {"data-group": group.group});
}

function peerRow(peer) {
  const alive = peer.alive ? (peer.anomaly ? "anomaly" : "alive") : "dead";
  const beats = el("td", null, "beats");
  for (const [network, age] of Object.entries(peer.lastBeatMillis || {})) {
    beats.appendChild(el("div", network + ": " + (age === null ? "never" : age + " ms ago"), age === null ? "never" : "beat"));
  }
  const announces = (peer.announces || []).map(a => a.group + " " + a.state + (a.eligible ? "" : " (not eligible)"));
  return row([
    el("td", peer.node, "name"),
    el("td", alive, "alive " + alive),
    beats,
    el("td", announces.join(", "), "announces"),
  ], {"data-peer": peer.node});
}

function eventRow(event) {
  return row([
    el("td", time(event.time), "time"),
    el("td", event.type, "type " + String(event.type).toLowerCase()),
    el("td", event.group || event.peer || "", "target"),
    el("td", event.from && event.to ? event.from + " → " + event.to : (event.to || ""), "transition"),
    el("td", event.holder || "", "holder"),
    el("td", event.reason || "", "reason"),
  ], {"data-event": event.type});
}

function fill(id, rows) {
  document.getElementById(id).replaceChildren(...rows);
}

function show(status) {
  document.getElementById("node").textContent = status.node;
  document.title = "ipfailover " + status.node;
  const condition = document.getElementById("condition");
  condition.textContent = status.deciding ? "deciding" : "not deciding: " + status.notDeciding;
  condition.className = status.deciding ? "ok" : "bad";
  const quorum = document.getElementById("quorum");
  quorum.hidden = !status.quorum;
  if (status.quorum) {
    quorum.textContent = "quorum " + (status.quorum.reachable ? "reached" : "NOT reached") + " since "
        + time(status.quorum.since) + (status.quorum.detail ? ": " + status.quorum.detail : "");
    quorum.className = status.quorum.reachable ? "ok" : "bad";
  }
  const alarms = status.alarms || [];
  document.getElementById("alarms-section").hidden = alarms.length === 0;
  fill("alarms", alarms.map(alarm => el("li", alarm)));
  fill("groups", (status.groups || []).map(groupRow));
  fill("peers", (status.peers || []).map(peerRow));
  fill("events", (status.events || []).slice().reverse().map(eventRow));
  const updated = document.getElementById("updated");
  updated.textContent = "as of " + new Date(status.time).toLocaleTimeString();
  updated.className = "";
}

function unreachable(why) {
  const updated = document.getElementById("updated");
  updated.textContent = "cannot reach the node: " + why + " (showing what it said last)";
  updated.className = "bad";
}

async function poll() {
  try {
    const response = await fetch("status.json", {cache: "no-store"});
    if (response.ok) {
      show(await response.json());
    } else {
      unreachable(response.status === 503 ? "its detector is not running" : "HTTP " + response.status);
    }
  } catch (e) {
    unreachable(e.message);
  }
  setTimeout(poll, POLL_MS);
}

poll();
