// The ROME search inside the diagnostic form: Enter in the search field runs the search (htmx)
// instead of submitting the whole form. Without htmx, Enter submits the form through its first
// button, "Rechercher", which searches and keeps what was typed.
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (event.key !== "Enter" || !window.htmx || !field.matches("[data-rome-search]")) {
    return;
  }
  event.preventDefault();
  window.htmx.trigger(field, "search");
});
