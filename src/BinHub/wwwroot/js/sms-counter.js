// The composer's live SMS counter (progressive enhancement; the preview says the same from the server): per text, its
// length, encoding and number of parts, by the rules of SmsText.Measure: GSM 7-bit 160 characters, 153 per part when
// concatenated, extension characters (€ [ ] { } ^ ~ | \ and form feed) count two; any other character makes it UCS-2:
// 70, then 67 per part, counted in UTF-16 units (an emoji takes two). An exercise's texts reach members after their
// mark (data-exercise-mark, see DeliveryText): counted while the exercise box is ticked.
(function () {
    "use strict";
    var basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    var extension = "^{}\\[~]|€\f";
    var words = document.querySelector("#sms-words");
    var exercise = document.getElementById("exercise");
    var format = words ? words.content.querySelector("[data-key=format]").textContent : "SMS: {0} · {1} · {2}";

    function measure(text) {
        text = text.replace(/\r\n/g, "\n").trim();
        var septets = 0, gsm = true;
        for (var i = 0; i < text.length; i++) {
            var c = text.charAt(i);
            if (extension.indexOf(c) >= 0) septets += 2;
            else if (basic.indexOf(c) >= 0) septets += 1;
            else { gsm = false; break; }
        }
        if (gsm) return { encoding: "GSM-7", length: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
        return { encoding: "UCS-2", length: text.length, segments: text.length <= 70 ? 1 : Math.ceil(text.length / 67) };
    }

    document.querySelectorAll("textarea[data-sms-counter]").forEach(function (area) {
        var out = document.getElementById(area.dataset.smsCounter);
        if (!out) return;
        function update() {
            if (!area.value.trim()) { out.textContent = ""; out.classList.remove("warn"); return; }
            var text = area.value.trim();
            if (exercise && exercise.checked && area.dataset.exerciseMark) text = area.dataset.exerciseMark + " " + text;
            var m = measure(text);
            out.textContent = format.replace("{0}", m.length).replace("{1}", m.encoding).replace("{2}", m.segments);
            out.classList.toggle("warn", m.segments > 2);
        }
        area.addEventListener("input", update);
        if (exercise) exercise.addEventListener("change", update);
        update();
    });
})();
