// Drag-and-drop for the upload form: dropped files go into the form's file input, and the form is sent as
// usual (the server recognises each table by its contents). Without JavaScript the file input still works.
document.addEventListener('DOMContentLoaded', function () {
  var zone = document.querySelector('.dropzone');
  if (!zone) { return; }
  var input = zone.querySelector('input[type=file]');
  ['dragenter', 'dragover'].forEach(function (e) {
    zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (e) {
    zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.remove('over'); });
  });
  zone.addEventListener('drop', function (ev) {
    if (ev.dataTransfer && ev.dataTransfer.files.length) {
      input.files = ev.dataTransfer.files;
      zone.submit();
    }
  });
});
