// whatsapp-web.js depends on puppeteer; balie uses a system Chromium (PUPPETEER_EXECUTABLE_PATH),
// so never download a browser at install time (the CI machine has no internet anyway).
module.exports = { skipDownload: true };
