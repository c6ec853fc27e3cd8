// Uploads the chosen delivery file over HTTP (never the Blazor circuit), reporting progress.
export function upload(input, url, tokenField, token, dotnet) {
    return new Promise(resolve => {
        const file = input.files && input.files[0];
        if (!file) {
            resolve({ status: 0, body: "" });
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
