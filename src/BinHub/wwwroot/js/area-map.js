// The area maps (Shared/_AreaMap, progressive enhancement): without this file a click posts the pixel and the server
// re-displays the form; with it, the same projection (AreaMap.ToPoint, from the data attributes) fills the inputs in place,
// with a dot as decimal separator, or adds a corner to the BIN's outline, and the picture is redrawn by the server.
(function () {
    "use strict";
    function round(v) { return (Math.round(v * 1e5) / 1e5).toString(); }

    document.querySelectorAll("input[data-area-map]").forEach(function (map) {
        var d = map.dataset, west = +d.west, north = +d.north, scale = +d.scale, k = +d.k, width = +d.width;
        function byId(id) { return id ? document.getElementById(id) : null; }
        var lat = byId(d.lat), lon = byId(d.lon), radius = byId(d.radius), area = byId(d.area);

        function corners() {
            try {
                var g = JSON.parse(area.value);
                if (g.type === "Feature") g = g.geometry;
                if (g.type !== "Polygon") return [];
                var c = g.coordinates[0].map(function (p) { return [p[1], p[0]]; });
                if (c.length > 1 && c[0][0] === c[c.length - 1][0] && c[0][1] === c[c.length - 1][1]) c.pop();
                return c;
            } catch (e) { return []; }
        }
        function setCorners(c) {
            // Closed as DrawnArea.ToGeoJson writes it: the last point repeats the first.
            area.value = c.length ? JSON.stringify({ type: "Polygon", coordinates: [c.concat([c[0]]).map(function (p) { return [p[1], p[0]]; })] }) : "";
            redraw();
        }
        function redraw() {
            var q = [];
            if (area) {
                var c = corners();
                if (c.length) q.push("c=" + encodeURIComponent(c.map(function (p) { return p[0] + "," + p[1]; }).join(";")));
            } else if (lat && lon && lat.value && lon.value) {
                q.push("lat=" + encodeURIComponent(lat.value.replace(",", ".")), "lon=" + encodeURIComponent(lon.value.replace(",", ".")));
                if (radius && radius.value) q.push("r=" + encodeURIComponent(radius.value.replace(",", ".")));
            }
            map.src = d.base + (q.length ? "?" + q.join("&") : "");
        }

        map.addEventListener("click", function (e) {
            // A keyboard activation or the Enter key in a field (no pixel) goes to the server, which submits the form as before.
            if (e.detail === 0) return;
            e.preventDefault();
            var box = map.getBoundingClientRect();
            var x = (e.clientX - box.left) * width / box.width, y = (e.clientY - box.top) * width / box.width;
            var la = round(north - y / scale), lo = round(west + x / (scale * k));
            if (area) {
                setCorners(corners().concat([[+la, +lo]]));
            } else {
                lat.value = la;
                lon.value = lo;
                redraw();
            }
        });
        [lat, lon, radius, area].forEach(function (input) { if (input) input.addEventListener("change", redraw); });
        document.querySelectorAll("button[data-area-action]").forEach(function (button) {
            button.addEventListener("click", function (e) {
                if (!area) return;
                e.preventDefault();
                setCorners(button.dataset.areaAction === "clear" ? [] : corners().slice(0, -1));
            });
        });
    });
})();
