// Live updates: the server pushes the re-rendered sections when they
// change and each build log line as it is written.
(function () {
  var live = document.getElementById('live');
  var es = new EventSource('/tvix/status/events');
  es.onopen = function () { live.textContent = 'live'; };
  es.onerror = function () { live.textContent = 'reconnecting'; };
  es.addEventListener('sections', function (e) {
    document.getElementById('sections').innerHTML = e.data;
  });
  es.addEventListener('log', function (e) {
    var l = JSON.parse(e.data);
    var pre = document.getElementById('log-' + l.build);
    if (pre) {
      pre.textContent += l.line + '\n';
      pre.scrollTop = pre.scrollHeight;
    }
  });
})();
