/// The journey map editor's JavaScript, served as /static/journey.js to the map and stages pages only (their
/// Content-Security-Policy allows `script-src 'self'`; every other page allows no script). It makes the plain
/// forms quicker to use and changes nothing they do: a cell's "Edit" opens its form inside the cell instead
/// of on a page of its own, a changed emotion saves at once, and a stage card can be dragged to a new place
/// (the ↑ and ↓ buttons stay for keyboards). Without it every one of these works as a form.
enum JourneyScript {
    static let source = #"""
        "use strict";
        (function () {
          var csrf = document.querySelector('input[name="_csrf"]');
          var table = document.querySelector("table.journey");
          function element(tag, attributes, text) {
            var node = document.createElement(tag);
            Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
            if (text !== undefined) { node.textContent = text; }
            return node;
          }
          function hidden(form, name, value) { form.appendChild(element("input", { type: "hidden", name: name, value: value })); }

          // A cell's text edited where it is.
          if (table && csrf) {
            table.querySelectorAll("a.edit").forEach(function (link) {
              link.addEventListener("click", function (event) {
                var cell = link.closest("td");
                if (cell.querySelector("form.inline-cell")) { event.preventDefault(); return; }
                event.preventDefault();
                var data = link.dataset;
                var form = element("form", { method: "post", action: data.action, "class": "inline-cell" });
                hidden(form, "_csrf", csrf.value);
                hidden(form, "op", "cell");
                hidden(form, "stage", data.stage);
                hidden(form, "lane", data.lane);
                hidden(form, "expected_text", data.text);
                hidden(form, "expected_basis", data.basis);
                var box = element("textarea", { name: "text", rows: "5", maxlength: "2000", "aria-label": link.getAttribute("aria-label") });
                box.value = data.text;
                var basis = element("select", { name: "basis", "aria-label": table.dataset.basis });
                ["assumption", "evidence"].forEach(function (value) {
                  var option = element("option", { value: value }, table.dataset[value]);
                  if (value === data.basis) { option.selected = true; }
                  basis.appendChild(option);
                });
                var save = element("button", { type: "submit", "class": "small" }, table.dataset.save);
                var cancel = element("button", { type: "button", "class": "small secondary" }, table.dataset.cancel);
                cancel.addEventListener("click", function () { form.remove(); link.hidden = false; link.focus(); });
                [box, basis, save, cancel].forEach(function (node) { form.appendChild(node); });
                link.hidden = true;
                cell.appendChild(form);
                box.focus();
              });
            });
          }

          // An emotion saved as soon as it is chosen.
          document.querySelectorAll("form.emotion-form select").forEach(function (select) {
            select.addEventListener("change", function () { select.form.submit(); });
          });

          // Stages reordered by dragging their cards.
          var list = document.querySelector("ol.stage-list");
          var move = document.getElementById("move-stage");
          if (list && move) {
            var dragged = null;
            list.querySelectorAll("li[data-stage]").forEach(function (item, index) {
              item.draggable = true;
              item.addEventListener("dragstart", function (event) {
                dragged = item;
                event.dataTransfer.effectAllowed = "move";
                event.dataTransfer.setData("text/plain", item.dataset.stage);
                item.classList.add("dragging");
              });
              item.addEventListener("dragend", function () { item.classList.remove("dragging"); dragged = null; });
              item.addEventListener("dragover", function (event) { if (dragged && dragged !== item) { event.preventDefault(); } });
              item.addEventListener("drop", function (event) {
                event.preventDefault();
                if (!dragged || dragged === item) { return; }
                move.querySelector('input[name="stage"]').value = dragged.dataset.stage;
                move.querySelector('input[name="to"]').value = String(index);
                move.submit();
              });
            });
          }
        })();
        """#
}
