// The delivery dashboard, live: follows one message on /hubs/messages and updates the counts per channel and the
// progress bar as the dispatcher reports each round, and where the voice calls stand (ringing, answered, confirmed …). Without JavaScript the page shows the same counts and a refresh link.
(function () {
    "use strict";
    var live = document.getElementById("live");
    var table = document.getElementById("counts");
    if (!live || !table || !window.signalR) return;
    var status = document.getElementById("live-status");
    var bar = document.getElementById("progress");
    var text = document.getElementById("progress-text");
    var keys = ["planned", "retrying", "pending", "sent", "delivered", "failed", "audioReady", "unknown"];
    var columns = ["Planned", "Retrying", "Pending", "Sent", "Delivered", "Failed", "AudioReady", "Unknown"];

    function fill(channel, counts) {
        var row = table.querySelector("tr[data-channel='" + channel + "']");
        if (!row || !counts) return;
        columns.forEach(function (c, i) {
            var cell = row.querySelector("td[data-count='" + c + "']");
            if (cell) cell.textContent = counts[keys[i]];
        });
    }

    function show(p) {
        Object.keys(p.perChannel || {}).forEach(function (channel) { fill(channel, p.perChannel[channel]); });
        fill("Total", p.total);
        var calls = document.getElementById("calls");
        Object.keys(p.calls || {}).forEach(function (state) {
            var cell = calls && calls.querySelector("td[data-call='" + state + "']");
            if (cell) cell.textContent = p.calls[state];
        });
        var t = p.total, done = t.sent + t.delivered + t.failed + t.audioReady + t.unknown, all = done + t.planned + t.pending;
        bar.max = Math.max(1, all);
        bar.value = done;
        bar.textContent = done + " / " + all;
        text.textContent = done + " / " + all + (p.finished ? " · " + live.dataset.finished : "");
    }

    var id = parseInt(live.dataset.message, 10);
    var pushes = 0;
    var connection = new signalR.HubConnectionBuilder().withUrl(live.dataset.hub).withAutomaticReconnect().build();
    connection.on("progress", function (p) { if (p.id === id) { pushes++; show(p); } });
    // Pushes reach only dashboards that already follow: once following, catch up on what changed since the page was
    // rendered (or while reconnecting), unless a push, as new or newer, came first.
    function catchUp() {
        var before = pushes;
        return fetch(live.dataset.progress, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (p) { if (p && p.id === id && pushes === before) show(p); }, function () { });
    }
    function follow() {
        return connection.invoke("Follow", id).then(function (ok) {
            status.textContent = ok ? live.dataset.online : live.dataset.offline;
            if (ok) return catchUp();
        });
    }
    connection.onreconnecting(function () { status.textContent = live.dataset.offline; });
    connection.onreconnected(follow); // a new connection is in no group yet
    connection.onclose(function () { status.textContent = live.dataset.offline; });
    connection.start().then(follow, function () { status.textContent = live.dataset.offline; });
})();
