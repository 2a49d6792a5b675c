// The phone's alert, one for the task card (patrol-tasks.js) and the video notices
// (phone-notices.js): tones and a vibration, repeated until what it calls for is acknowledged.
(function () {
  'use strict';
  var audio = null;
  function context() { audio = audio || new (window.AudioContext || window.webkitAudioContext)(); return audio; }

  // A phone plays sound only after a tap on the page: the first tap anywhere readies it.
  document.addEventListener('pointerdown', function () {
    try { var a = context(); if (a.state === 'suspended') a.resume(); } catch (e) { /* no sound */ }
  }, { once: true });

  /// A switch for one alert: `tones` (Hz) played one after another, the vibration `pattern`, every
  /// `everyMs` while on; `onRing` is told of each ring (the pages count them for their tests).
  window.PinganPhoneAlert = function (tones, pattern, everyMs, onRing) {
    var timer = null;
    function ring() {
      try {
        var a = context();
        var length = tones.length > 1 ? 0.3 : 0.6;
        tones.forEach(function (f, i) {
          var o = a.createOscillator(), g = a.createGain();
          o.frequency.value = f; g.gain.value = 0.3;
          o.connect(g); g.connect(a.destination);
          o.start(a.currentTime + i * 0.35); o.stop(a.currentTime + i * 0.35 + length);
        });
      } catch (e) { /* no sound on this phone: the vibration and the card remain */ }
      if (navigator.vibrate) navigator.vibrate(pattern);
      onRing();
    }
    return function (on) {
      if (on && !timer) { ring(); timer = setInterval(ring, everyMs); }
      if (!on && timer) { clearInterval(timer); timer = null; }
    };
  };
})();
