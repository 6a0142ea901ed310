// Progress for imaging uploads (hundreds of files, hundreds of MB). The form works without this script; with it, the
// upload is sent in the background and shows how far it has got, then opens the page the server answers with.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-upload-progress]');
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.XMLHttpRequest || !window.FormData) {
        return;
      }
      event.preventDefault();
      var progress = form.querySelector('progress');
      var status = form.querySelector('[data-upload-status]');
      var button = form.querySelector('button[type=submit]');
      var megabytes = function (bytes) { return (bytes / 1048576).toFixed(1); };
      progress.hidden = false;
      progress.removeAttribute('value');
      button.disabled = true;
      status.textContent = 'Starting the upload…';
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'text/html');
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          progress.max = e.total;
          progress.value = e.loaded;
          status.textContent = 'Sent ' + megabytes(e.loaded) + ' of ' + megabytes(e.total) + ' MB…';
        }
      };
      xhr.upload.onload = function () {
        progress.removeAttribute('value');
        status.textContent = 'Sent. The image archive is storing the last images…';
      };
      xhr.onload = function () {
        if (xhr.status < 400 && xhr.responseURL) {
          window.location.assign(xhr.responseURL);
          return;
        }
        var page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        var alert = page.querySelector('[role=alert]');
        status.textContent = alert ? alert.textContent : 'The upload was refused (' + xhr.status + '); nothing was kept.';
        status.setAttribute('role', 'alert');
        progress.hidden = true;
        button.disabled = false;
      };
      xhr.onerror = function () {
        status.textContent = 'The upload was interrupted; nothing was kept. Choose the files again to retry.';
        status.setAttribute('role', 'alert');
        progress.hidden = true;
        button.disabled = false;
      };
      xhr.send(new FormData(form));
    });
  });
})();
