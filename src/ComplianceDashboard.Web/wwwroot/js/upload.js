// Uploads the chosen file over HTTP (never the Blazor circuit) as the signed-in user, reporting progress to .NET's
// OnProgress; a file over maxBytes is refused before anything is sent.
function send(input, url, maxBytes, dotnet, body) {
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
        const xhr = new XMLHttpRequest();
        xhr.open("POST", url);
        xhr.upload.onprogress = e => {
            if (e.lengthComputable) dotnet.invokeMethodAsync("OnProgress", Math.round(e.loaded * 100 / e.total));
        };
        xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
        xhr.onerror = () => resolve({ status: 0, body: "" });
        xhr.send(body(xhr, file));
    });
}

// The file itself as a text/csv body, the antiforgery token in its header.
export function uploadCsv(input, url, token, dotnet, maxBytes) {
    return send(input, url, maxBytes, dotnet, (xhr, file) => {
        xhr.setRequestHeader("Content-Type", "text/csv");
        xhr.setRequestHeader("RequestVerificationToken", token);
        return file;
    });
}

// The file in a multipart form, beside the antiforgery token's field.
export function uploadForm(input, url, tokenField, token, dotnet, maxBytes) {
    return send(input, url, maxBytes, dotnet, (xhr, file) => {
        const form = new FormData();
        form.append(tokenField, token);
        form.append("file", file, file.name);
        return form;
    });
}

export function clear(input) {
    input.value = "";
}
