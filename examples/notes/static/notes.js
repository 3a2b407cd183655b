// Progressive enhancement for the notes list: the "Delete" buttons work as
// plain forms without JavaScript; with it, they call the JSON API
// (DELETE /api/notes/<id>) and remove the note from the page in place.
"use strict";

function showMessage(text, category) {
  const box = document.getElementById("messages");
  const line = document.createElement("p");
  line.className = "flash " + category;
  line.textContent = text;
  box.replaceChildren(line);
}

async function deleteWithApi(event) {
  const form = event.target.closest("form[data-api-url]");
  if (form === null) {
    return;
  }
  event.preventDefault();
  const button = form.querySelector("button");
  button.disabled = true;
  let response;
  try {
    response = await fetch(form.dataset.apiUrl, {
      method: "DELETE",
      headers: { Accept: "application/json" },
    });
  } catch (error) {
    showMessage("The server could not be reached.", "error");
    button.disabled = false;
    return;
  }
  if (response.status !== 204) {
    const answer = await response.json().catch(() => ({}));
    showMessage(answer.error || "Deleting failed (" + response.status + ").", "error");
    button.disabled = false;
    return;
  }
  const list = form.closest("ul");
  form.closest("li").remove();
  showMessage("Deleted “" + form.dataset.title + "”.", "success");
  if (list.children.length === 0) {
    list.hidden = true;
    document.querySelector("p.empty").hidden = false;
  }
}

document.addEventListener("submit", deleteWithApi);
document.documentElement.dataset.enhanced = "true";
