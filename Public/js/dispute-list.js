// The dispute list shows what this phone still has waiting to send, and sends it.
window.PinganQueue.attachBanner();
window.PinganQueue.flush();
