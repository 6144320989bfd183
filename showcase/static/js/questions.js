// Registration questions: show only the questions that apply as the person answers.
//
// The page carries every question with a note saying whom it is for (so it works without this
// script, and the server decides what is required: questions/services/answers.py). Here each
// question's wrapper says which categories it is for (data-categories, data-delegations) and
// which answer it depends on (data-condition, data-condition-value); a question that does not
// apply is hidden and its inputs disabled, so they are not sent, and its note is no longer needed.

const fieldsets = document.querySelectorAll("[data-questions]");

function chosenValues(form, name) {
  const values = [];
  for (const input of form.querySelectorAll(`[name="${name}"]`)) {
    if (input.type === "radio" || input.type === "checkbox") {
      if (input.checked) values.push(input.value);
    } else if (input.value) {
      values.push(input.value);
    }
  }
  return values;
}

function setUp(fieldset) {
  const form = fieldset.closest("form");
  const questions = Array.from(fieldset.querySelectorAll("[data-question]"));
  const categorySelect = fieldset.dataset.categoryField
    ? document.getElementById(fieldset.dataset.categoryField)
    : null;
  const inDelegation = fieldset.dataset.inDelegation === "1";

  function category() {
    return categorySelect ? categorySelect.value : fieldset.dataset.category || "";
  }

  function applies(question, shown) {
    const categories = (question.dataset.categories || "").split(" ").filter(Boolean);
    const forPerson =
      (inDelegation && question.dataset.delegations === "1") ||
      categories.includes(category());
    if (!forPerson) return false;
    const condition = question.dataset.condition;
    if (!condition) return true;
    if (!shown.has(condition)) return false;
    return chosenValues(form, condition).includes(question.dataset.conditionValue);
  }

  function update() {
    // A question may depend on one shown further down the page: decide again until nothing
    // changes (at most once per question).
    let shown = new Set();
    for (let pass = 0; pass <= questions.length; pass += 1) {
      const next = new Set();
      for (const question of questions) {
        if (applies(question, shown)) next.add(question.dataset.question);
      }
      const same = next.size === shown.size && [...next].every((name) => shown.has(name));
      shown = next;
      if (same) break;
    }
    for (const question of questions) {
      const visible = shown.has(question.dataset.question);
      question.hidden = !visible;
      for (const input of question.querySelectorAll("input, select, textarea")) {
        input.disabled = !visible;
      }
      for (const note of question.querySelectorAll(".question-applies")) {
        note.hidden = true;
      }
    }
    fieldset.hidden = shown.size === 0;
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}

for (const fieldset of fieldsets) setUp(fieldset);
