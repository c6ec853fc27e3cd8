// Uploads the chosen CSV over HTTP (never the circuit) with progress, as the signed-in user.
export function upload(input, url, token, dotnet, maxBytes) {
    return new Promise(resolve => {
        const file = input.files && input.files[0];
        if (!file) { resolve({ status: 0, body: "" }); return; }
        if (maxBytes && file.size > maxBytes) {
            // Refuse before sending: a browser may report a connection error instead of the server's early 413.
            resolve({ status: 413, body: JSON.stringify({ detail: `The file is larger than the limit of ${maxBytes.toLocaleString("en-GB")} bytes. Nothing was sent; split it into smaller files.` }) });
            return;
        }
        const xhr = new XMLHttpRequest();
        xhr.open("POST", url);
        xhr.setRequestHeader("Content-Type", "text/csv");
        xhr.setRequestHeader("RequestVerificationToken", token);
        xhr.upload.onprogress = e => { if (e.lengthComputable) dotnet.invokeMethodAsync("OnUploadProgress", Math.round(100 * e.loaded / e.total)); };
        xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
        xhr.onerror = () => resolve({ status: 0, body: "" });
        xhr.send(file);
    });
}

export function fileName(input) {
    return input.files && input.files[0] ? input.files[0].name : "";
}
