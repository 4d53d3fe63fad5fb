/* Announces the emergency banner (templates/includes/emergency_banner.html) to screen readers
 * once per visit: the banner stays on every page, but hearing it interrupt each page would drown
 * the page itself. A changed emergency has a new key and is announced again. */
(() => {
  const banner = document.querySelector("[data-emergency-banner]");
  if (!banner) return;
  const key = `emergency-announced:${banner.dataset.emergencyBanner}`;
  try {
    if (sessionStorage.getItem(key)) return;
    sessionStorage.setItem(key, "1");
  } catch {
    /* Storage is off: announcing on every page is better than never. */
  }
  const titles = [...banner.querySelectorAll(".emergency-banner__list a")].map((link) =>
    link.textContent.trim(),
  );
  const announcer = banner.querySelector("[data-emergency-announcer]");
  // Screen readers announce a live region's change only once they have seen the region itself.
  setTimeout(() => {
    announcer.textContent = `緊急のお知らせ：${titles.join("、")}`;
  }, 500);
})();
