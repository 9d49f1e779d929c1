/*
 * The phone camera as a QR scanner on every page with a scan input (see custody/_camera.html).
 *
 * Each code read is typed into the form's input[name=code] and the form submitted with its default
 * button, exactly as a keyboard-wedge scanner does, so the server checks every scan on one path.
 * The choice to scan with the camera is kept in sessionStorage: after a scan session page reloads,
 * the camera starts again by itself, and a code still in view is not sent twice.
 * Decoding uses the browser's BarcodeDetector where it reads QR codes, else the vendored @zxing/library.
 */
(function () {
  "use strict";

  const STATE_KEY = "hazchem.camera"; // "on" while the user keeps the camera on
  const TORCH_KEY = "hazchem.camera.torch"; // "on" while the torch is wanted
  const SEEN_KEY = "hazchem.camera.seen"; // {code: last time seen, ms}
  const REPEAT_MS = 4000; // a code seen again within this time of its last sighting is the same scan
  const INTERVAL_MS = 120; // pause between two decoding attempts
  const MAX_SIDE = 960; // frames are scaled down to this for the fallback decoder
  const RETRIES = 5; // attempts to open a camera that is busy
  const RETRY_MS = 600;

  function remember(key, value) {
    try {
      if (value === null) {
        sessionStorage.removeItem(key);
      } else {
        sessionStorage.setItem(key, value);
      }
    } catch (err) {
      // Private browsing may refuse storage: the camera then simply does not restart by itself.
    }
  }

  function recall(key) {
    try {
      return sessionStorage.getItem(key);
    } catch (err) {
      return null;
    }
  }

  /** Record a sighting of the code; true when it is new, false when it is the same scan still in view. */
  function isNewSighting(code) {
    const now = Date.now();
    let seen = {};
    try {
      seen = JSON.parse(recall(SEEN_KEY) || "{}") || {};
    } catch (err) {
      seen = {};
    }
    const last = seen[code];
    const kept = {};
    Object.keys(seen).forEach(function (key) {
      if (now - seen[key] < REPEAT_MS) {
        kept[key] = seen[key];
      }
    });
    kept[code] = now;
    remember(SEEN_KEY, JSON.stringify(kept));
    return !(typeof last === "number" && now - last < REPEAT_MS);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  /** A function video -> Promise<text | null> reading one QR code from the current frame. */
  async function makeDecoder(decoderUrl) {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.indexOf("qr_code") !== -1) {
          const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return async function (video) {
            const codes = await detector.detect(video);
            return codes.length ? codes[0].rawValue : null;
          };
        }
      } catch (err) {
        // Fall through to the vendored decoder.
      }
    }
    if (!window.ZXing) {
      await loadScript(decoderUrl);
    }
    const ZXing = window.ZXing;
    const reader = new ZXing.QRCodeReader();
    const hints = new Map([[ZXing.DecodeHintType.TRY_HARDER, true]]);
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async function (video) {
      const width = video.videoWidth;
      const height = video.videoHeight;
      if (!width || !height) {
        return null;
      }
      const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      try {
        const source = new ZXing.HTMLCanvasElementLuminanceSource(canvas);
        const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(source));
        return reader.decode(bitmap, hints).getText();
      } catch (err) {
        return null; // no readable code in this frame
      } finally {
        reader.reset();
      }
    };
  }

  let audio = null;

  function beep() {
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) {
        return;
      }
      audio = audio || new Context();
      if (audio.state === "suspended") {
        audio.resume();
      }
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = 1760;
      gain.gain.value = 0.15;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.12);
    } catch (err) {
      // Sound is a courtesy; the page shows the verdict.
    }
    if (navigator.vibrate) {
      try {
        navigator.vibrate(80);
      } catch (err) {
        // As above.
      }
    }
  }

  function setUp(box) {
    const form = box.closest("form");
    const input = form && form.querySelector("input[name=code]");
    if (!input || box.dataset.cameraReady) {
      return;
    }
    box.dataset.cameraReady = "yes";
    const startButton = box.querySelector("[data-camera-start]");
    const stopButton = box.querySelector("[data-camera-stop]");
    const torchButton = box.querySelector("[data-camera-torch]");
    const view = box.querySelector("[data-camera-view]");
    const video = view.querySelector("video");
    const note = box.querySelector("[data-camera-note]");
    const texts = box.dataset;

    let stream = null;
    let timer = null;
    let running = false;
    let sent = false;
    let sentCode = "";
    let pageGone = false;

    function say(text) {
      note.textContent = text || "";
      note.hidden = !text;
    }

    function showRunning(on) {
      startButton.hidden = on;
      stopButton.hidden = !on;
      view.hidden = !on;
      if (!on) {
        torchButton.hidden = true;
      }
    }

    function stop(keepChoice) {
      running = false;
      clearTimeout(timer);
      if (stream) {
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
      }
      stream = null;
      video.srcObject = null;
      showRunning(false);
      if (!keepChoice) {
        remember(STATE_KEY, null);
        remember(TORCH_KEY, null);
      }
    }

    async function setTorch(on) {
      const track = stream && stream.getVideoTracks()[0];
      if (!track) {
        return;
      }
      try {
        await track.applyConstraints({ advanced: [{ torch: on }] });
        torchButton.setAttribute("aria-pressed", on ? "true" : "false");
        remember(TORCH_KEY, on ? "on" : null);
      } catch (err) {
        torchButton.hidden = true;
      }
    }

    function offerTorch() {
      const track = stream && stream.getVideoTracks()[0];
      const capabilities = track && track.getCapabilities ? track.getCapabilities() : {};
      torchButton.hidden = !capabilities.torch;
      if (capabilities.torch && recall(TORCH_KEY) === "on") {
        setTorch(true);
      }
    }

    function submit(code) {
      sent = true;
      sentCode = code;
      beep();
      input.value = code;
      const submitter = Array.prototype.find.call(form.elements, function (element) {
        return element.type === "submit";
      });
      // A short pause lets the beep sound before the page goes.
      setTimeout(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else if (submitter) {
          submitter.click();
        } else {
          form.submit();
        }
      }, 150);
    }

    function scanLoop(decode) {
      async function tick() {
        if (!running) {
          return;
        }
        let text = null;
        if (video.readyState >= 2) {
          try {
            text = await decode(video);
          } catch (err) {
            text = null;
          }
        }
        const code = text ? text.trim() : "";
        if (running && code) {
          if (!sent) {
            if (isNewSighting(code)) {
              submit(code);
            }
          } else if (code === sentCode) {
            // While the page goes, only the code sent is kept in view; another one is scanned after.
            isNewSighting(code);
          }
        }
        if (running) {
          timer = setTimeout(tick, INTERVAL_MS);
        }
      }
      tick();
    }

    async function start(attempt) {
      attempt = attempt || 0;
      say("");
      if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(texts.insecure);
        remember(STATE_KEY, null);
        return;
      }
      let opened;
      try {
        opened = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
        });
      } catch (err) {
        const name = err && err.name;
        if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
          say(texts.denied);
        } else if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
          say(texts.missing);
        } else if (attempt < RETRIES) {
          // Just after a reload the previous page may still hold the camera for a moment.
          await new Promise(function (resolve) {
            setTimeout(resolve, RETRY_MS);
          });
          return start(attempt + 1);
        } else {
          say(texts.failed);
        }
        remember(STATE_KEY, null);
        return;
      }
      if (running || pageGone) {
        // Started twice, or the page is leaving: this camera is not needed.
        opened.getTracks().forEach(function (track) {
          track.stop();
        });
        return;
      }
      stream = opened;
      remember(STATE_KEY, "on");
      running = true;
      showRunning(true);
      // On a touch screen the on-screen keyboard would cover the camera view.
      if (document.activeElement === input && window.matchMedia("(pointer: coarse)").matches) {
        input.blur();
      }
      video.srcObject = opened;
      try {
        await video.play();
      } catch (err) {
        // Autoplay of a muted inline video is allowed; a refusal still leaves frames to read.
      }
      if (stream !== opened) {
        return; // stopped meanwhile
      }
      offerTorch();
      let decode;
      try {
        decode = await makeDecoder(texts.decoder);
      } catch (err) {
        stop(false);
        say(texts.nodecoder);
        return;
      }
      if (stream !== opened) {
        return;
      }
      box.dataset.cameraState = "scanning"; // for tests and styling
      scanLoop(decode);
    }

    // The page may handle a submission itself (no reload): scanning then goes on.
    window.addEventListener("submit", function (event) {
      if (event.target === form && event.defaultPrevented) {
        sent = false;
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        sent = false;
        pageGone = false;
        if (recall(STATE_KEY) === "on" && !running) {
          start();
        }
      }
    });
    window.addEventListener("pagehide", function () {
      pageGone = true;
      stop(true);
    });

    startButton.addEventListener("click", async function () {
      beepUnlock();
      startButton.disabled = true; // one camera request at a time
      try {
        await start();
      } finally {
        startButton.disabled = false;
      }
    });
    stopButton.addEventListener("click", function () {
      stop(false);
      say("");
    });
    torchButton.addEventListener("click", function () {
      setTorch(torchButton.getAttribute("aria-pressed") !== "true");
    });

    box.hidden = false;
    if (recall(STATE_KEY) === "on") {
      start();
    }
  }

  /** Create the audio context inside the user's tap, when browsers allow it to sound. */
  function beepUnlock() {
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (Context && !audio) {
        audio = new Context();
      }
    } catch (err) {
      audio = null;
    }
  }

  function init() {
    document.querySelectorAll("[data-camera]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
