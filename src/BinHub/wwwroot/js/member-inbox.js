// The member's web inbox, live: a message sent to this household's web inbox is pushed by /hubs/member (the group of
// the member's own account) and added at the top, marked new. Without JavaScript a reload shows it.
(function () {
    "use strict";
    var live = document.getElementById("live");
    var list = document.getElementById("inbox");
    if (!live || !list || !window.signalR) return;
    var status = document.getElementById("live-status");
    var announce = document.getElementById("live-announce");
    var names = {};
    var template = document.getElementById("kind-names");
    if (template) template.content.querySelectorAll("span").forEach(function (s) { names[s.dataset.key] = s.textContent; });

    function show(item) {
        if (list.querySelector("li[data-id='" + item.id + "']")) return;
        var empty = document.getElementById("inbox-empty");
        if (empty) empty.remove();
        var li = document.createElement("li");
        li.className = "unread live-new kind-" + item.kind;
        li.dataset.id = item.id;
        var badge = document.createElement("strong");
        badge.className = "badge";
        badge.textContent = live.dataset.new;
        var kind = document.createElement("strong");
        kind.textContent = names[item.kind] || item.kind;
        li.appendChild(badge);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(kind);
        li.appendChild(document.createTextNode(" · " + new Date(item.at).toLocaleString(document.documentElement.lang + "-BE",
            { timeZone: "Europe/Brussels", dateStyle: "short", timeStyle: "short" })));
        var p = document.createElement("p");
        p.className = "prewrap";
        p.textContent = item.text.length > 160 ? item.text.slice(0, 160) + "…" : item.text;
        li.appendChild(p);
        var a = document.createElement("a");
        a.href = "/Me/Inbox/" + item.id;
        a.textContent = live.dataset.open;
        li.appendChild(a);
        list.insertBefore(li, list.firstElementChild);
        announce.textContent = live.dataset.announce + " " + (names[item.kind] || item.kind);
    }

    var connection = new signalR.HubConnectionBuilder().withUrl(live.dataset.hub).withAutomaticReconnect().build();
    connection.on("inboxReceived", show);
    connection.onreconnecting(function () { status.textContent = live.dataset.offline; });
    connection.onreconnected(function () { status.textContent = live.dataset.online; });
    connection.onclose(function () { status.textContent = live.dataset.offline; });
    connection.start().then(function () { status.textContent = live.dataset.online; }, function () { status.textContent = live.dataset.offline; });
})();
