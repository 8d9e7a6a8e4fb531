// Loaded only by browsers without ES module support (script nomodule): the app cannot run there, so say so instead
// of leaving "Loading Glint…" on screen for ever. Plain ES5 on purpose.
(function () {
  var app = document.getElementById('app');
  if (!app) {
    return;
  }
  var title = document.createElement('p');
  title.className = 'state__title';
  title.appendChild(document.createTextNode('Your browser is too old for Glint'));
  var body = document.createElement('p');
  body.className = 'state__body';
  body.appendChild(document.createTextNode('Open Glint in a current version of Firefox, Chrome, Edge or Safari.'));
  var box = document.createElement('div');
  box.className = 'state';
  box.setAttribute('role', 'alert');
  box.appendChild(title);
  box.appendChild(body);
  while (app.firstChild) {
    app.removeChild(app.firstChild);
  }
  app.appendChild(box);
})();
