// A long list of checkboxes (a multiple choice rendered with `data-filter-choices` on its inputs)
// gets a search field above it: typing hides the choices whose label does not contain the text.
// Checked choices always stay visible. Without JavaScript the full list works as before.
(function () {
  "use strict";
  const seen = new Set();
  for (const input of document.querySelectorAll("input[type=checkbox][data-filter-choices]")) {
    if (seen.has(input.name)) continue;
    seen.add(input.name);
    const choices = Array.from(
      document.querySelectorAll(`input[type=checkbox][name="${CSS.escape(input.name)}"]`),
      (box) => box.closest(".form-check") || box.parentElement,
    );
    const first = choices[0];
    if (!first) continue;
    const list = document.createElement("div");
    list.className = "filter-choices-list";
    first.before(list);
    for (const choice of choices) list.append(choice);

    const search = document.createElement("div");
    search.className = "mb-2";
    const label = document.createElement("label");
    label.className = "form-label small";
    label.htmlFor = `${input.name}-filter`;
    label.textContent = input.dataset.filterLabel || "";
    const field = document.createElement("input");
    field.type = "search";
    field.id = `${input.name}-filter`;
    field.className = "form-control form-control-sm";
    field.autocomplete = "off";
    field.setAttribute("aria-controls", `${input.name}-choices`);
    list.id = `${input.name}-choices`;
    search.append(label, field);
    list.before(search);

    const normalise = (text) => text.toLocaleLowerCase().normalize("NFC").trim();
    field.addEventListener("input", () => {
      const wanted = normalise(field.value);
      for (const choice of choices) {
        const box = choice.querySelector("input[type=checkbox]");
        const text = normalise(choice.textContent);
        choice.hidden = Boolean(wanted) && !text.includes(wanted) && !(box && box.checked);
      }
    });
    // Enter in the search field must not submit the form.
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }
})();
