// An open page talks to the server over its circuit, which sends no HTTP request, so the session cookie's idle
// timeout would lapse while the person works. While they click or type, ask the server at most once a minute, which
// lets the cookie slide; an idle page asks nothing and its session ends (docs/operations.md, "Session policy").
(() => {
    const everyMs = 60_000;
    let last = Date.now();
    const alive = () => {
        const now = Date.now();
        if (now - last < everyMs) return;
        last = now;
        fetch("/account/alive", { credentials: "same-origin", cache: "no-store", redirect: "manual" }).catch(() => { });
    };
    for (const type of ["pointerdown", "keydown"])
        document.addEventListener(type, alive, { passive: true, capture: true });
})();
