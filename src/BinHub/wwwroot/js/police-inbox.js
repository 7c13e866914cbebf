// The police inbox, live: new reports of the officer's zone are pushed by the hub (group of the zone) and shown at the top
// without a reload, highlighted; a short beep only when the officer switched sound on (browsers block autoplay anyway).
(function () {
    "use strict";
    var live = document.getElementById("live");
    var table = document.getElementById("inbox");
    if (!live || !table || !window.signalR) return;
    // The "n reports" line follows the rows: whatever adds or removes a row of the table moves the count with it.
    var count = document.getElementById("inbox-count");
    if (count && window.MutationObserver) {
        var rows = function (nodes) { return Array.prototype.filter.call(nodes, function (n) { return n.nodeName === "TR"; }).length; };
        new MutationObserver(function (changes) {
            var total = parseInt(count.dataset.total, 10) || 0;
            changes.forEach(function (c) { total += rows(c.addedNodes) - rows(c.removedNodes); });
            count.dataset.total = String(Math.max(0, total));
            // The singular form for one (and zero in French, data-zero-is-one), as Features/Plural.cs chooses on the server.
            var n = Number(count.dataset.total);
            var one = n === 1 || (n === 0 && count.dataset.zeroIsOne === "true");
            count.textContent = (one && count.dataset.formatOne ? count.dataset.formatOne : count.dataset.format).replace("{0}", count.dataset.total);
        }).observe(table.tBodies[0], { childList: true });
    }
    var status = document.getElementById("live-status");
    var announce = document.getElementById("live-announce");
    var sound = document.getElementById("live-sound");
    var names = {};
    var template = document.getElementById("category-names");
    if (template) template.content.querySelectorAll("span").forEach(function (s) { names[s.dataset.key] = s.textContent; });
    sound.checked = localStorage.getItem("binhub.inbox.sound") === "on";
    var audio = null;
    sound.addEventListener("change", function () {
        localStorage.setItem("binhub.inbox.sound", sound.checked ? "on" : "off");
        if (sound.checked && !audio) audio = new (window.AudioContext || window.webkitAudioContext)(); // made on a click: allowed to play
    });

    function beep() {
        if (!sound.checked) return;
        try {
            audio = audio || new (window.AudioContext || window.webkitAudioContext)();
            var osc = audio.createOscillator(), gain = audio.createGain();
            osc.frequency.value = 880;
            gain.gain.value = 0.15;
            osc.connect(gain); gain.connect(audio.destination);
            osc.start(); osc.stop(audio.currentTime + 0.25);
        } catch (e) { /* no sound available: the visual cue stays */ }
    }

    function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }

    function show(r) {
        // A filtered view (e.g. "Decided") shows only new reports when it lists "New" or everything.
        if (live.dataset.state && live.dataset.state !== "New") return;
        var row = document.createElement("tr");
        row.className = "urgency-" + r.urgency + " live-new";
        row.dataset.reportId = r.id;
        cell(row, r.urgency === "High" ? live.dataset.high : live.dataset.normal);
        var ref = cell(row, "");
        ref.className = "code";
        var a = document.createElement("a");
        a.href = "/Police/Report/" + r.id;
        a.textContent = r.reference;
        ref.appendChild(a);
        cell(row, names[r.category] || r.category);
        cell(row, r.binName);
        cell(row, new Date(r.occurredAt).toLocaleString(document.documentElement.lang + "-BE", { timeZone: "Europe/Brussels", dateStyle: "short", timeStyle: "short" }));
        cell(row, live.dataset.new);
        var body = table.tBodies[0];
        // Urgent reports stay above normal ones, as in the server's order.
        var before = r.urgency === "High" ? body.firstElementChild : Array.prototype.find.call(body.rows, function (x) { return !x.classList.contains("urgency-High"); });
        body.insertBefore(row, before || null);
        announce.textContent = live.dataset.announce + " " + r.reference;
        beep();
    }

    var connection = new signalR.HubConnectionBuilder().withUrl(live.dataset.hub).withAutomaticReconnect().build();
    connection.on("reportReceived", show);
    connection.onreconnecting(function () { status.textContent = live.dataset.offline; });
    connection.onreconnected(function () { status.textContent = live.dataset.online; });
    connection.onclose(function () { status.textContent = live.dataset.offline; });
    connection.start().then(function () { status.textContent = live.dataset.online; }, function () { status.textContent = live.dataset.offline; });
})();
