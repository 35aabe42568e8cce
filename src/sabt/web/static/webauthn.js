/* sabt: security keys and passkeys (WebAuthn) — registration and sign-in ceremonies.
   No library and nothing from elsewhere: the server (py_webauthn) makes the options as JSON,
   this file turns their base64url fields into bytes for the browser's WebAuthn API and sends the
   key's answer back as JSON. Elements:
   - [data-webauthn=login]     a button: sign in / re-authenticate with a registered key;
   - [data-webauthn=register]  a form with a name field: register a new key.
   data-options / data-verify: the two URLs; data-csrf: the token sent as X-CSRF-Token. */
(function () {
  "use strict";

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out.buffer;
  }

  function toText(buffer) {
    if (!buffer) { return null; }
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, {id: toBytes(c.id)}); });
  }

  function post(url, csrf, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
                       headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
                       body: JSON.stringify(body || {})})
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
  }

  function fail(element) {
    var box = document.getElementById("key-error");
    if (box) { box.textContent = element.getAttribute("data-failed") || "WebAuthn failed"; box.hidden = false; }
  }

  function signIn(button) {
    var csrf = button.getAttribute("data-csrf");
    button.disabled = true;
    post(button.getAttribute("data-options"), csrf).then(function (options) {
      options.challenge = toBytes(options.challenge);
      options.allowCredentials = withIds(options.allowCredentials);
      return navigator.credentials.get({publicKey: options});
    }).then(function (cred) {
      var r = cred.response;
      return post(button.getAttribute("data-verify"), csrf, {
        next: button.getAttribute("data-next") || "/",
        credential: {id: cred.id, rawId: toText(cred.rawId), type: cred.type,
                     clientExtensionResults: cred.getClientExtensionResults(),
                     response: {clientDataJSON: toText(r.clientDataJSON), authenticatorData: toText(r.authenticatorData),
                                signature: toText(r.signature), userHandle: toText(r.userHandle)}}});
    }).then(function (answer) { window.location.assign(answer.next || "/"); })
      .catch(function () { button.disabled = false; fail(button); });
  }

  function register(form, event) {
    event.preventDefault();
    var csrf = form.getAttribute("data-csrf"), name = form.querySelector("[name=name]").value;
    var button = form.querySelector("button");
    button.disabled = true;
    post(form.getAttribute("data-options"), csrf).then(function (options) {
      options.challenge = toBytes(options.challenge);
      options.user = Object.assign({}, options.user, {id: toBytes(options.user.id)});
      options.excludeCredentials = withIds(options.excludeCredentials);
      return navigator.credentials.create({publicKey: options});
    }).then(function (cred) {
      var r = cred.response;
      return post(form.getAttribute("data-verify"), csrf, {
        name: name,
        credential: {id: cred.id, rawId: toText(cred.rawId), type: cred.type,
                     clientExtensionResults: cred.getClientExtensionResults(),
                     authenticatorAttachment: cred.authenticatorAttachment,
                     response: {clientDataJSON: toText(r.clientDataJSON), attestationObject: toText(r.attestationObject),
                                transports: r.getTransports ? r.getTransports() : []}}});
    }).then(function (answer) { window.location.assign(answer.next || "/me/security"); })
      .catch(function () { button.disabled = false; fail(form); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-webauthn=login]").forEach(function (button) {
      button.addEventListener("click", function () { signIn(button); });
    });
    document.querySelectorAll("form[data-webauthn=register]").forEach(function (form) {
      form.addEventListener("submit", function (event) { register(form, event); });
    });
  });
})();
