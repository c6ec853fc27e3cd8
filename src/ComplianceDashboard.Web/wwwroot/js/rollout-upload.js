// Uploads the chosen delivery file over HTTP (never the Blazor circuit), reporting progress.
export function upload(input, url, tokenField, token, dotnet, maxBytes) {
    return new Promise(resolve => {
        const file = input.files && input.files[0];
        if (!file) {
            resolve({ status: 0, body: "" });
            return;
        }
        if (maxBytes && file.size > maxBytes) {
            // Refuse before sending: a browser may report a connection error instead of the server's early 413.
            resolve({ status: 413, body: JSON.stringify({ detail: `The file is larger than the limit of ${maxBytes.toLocaleString("en-GB")} bytes. Nothing was sent; split it into smaller files.` }) });
            return;
        }
        const form = new FormData();
        form.append(tokenField, token);
        form.append("file", file, file.name);
        const xhr = new XMLHttpRequest();
        xhr.open("POST", url);
        xhr.upload.onprogress = e => {
            if (e.lengthComputable) dotnet.invokeMethodAsync("OnProgress", Math.round(e.loaded * 100 / e.total));
        };
        xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
        xhr.onerror = () => resolve({ status: 0, body: "" });
        xhr.send(form);
    });
}

export function clear(input) {
    input.value = "";
}
