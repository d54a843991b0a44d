"""nginx as the same run's reference for raw HTTP: started on a free port with one `location /` answer."""
import os
import shutil
import subprocess
import tempfile

from pages import free_port, wait_listening


def start(location, workers=1):
    """Starts nginx answering every request with `location` (an nginx directive such as `return 204;`).
    Returns (process, port, directory); `stop` ends it. None when nginx is not installed."""
    if not shutil.which("nginx"):
        return None
    directory = tempfile.mkdtemp(prefix="nginx-")
    port = free_port()
    with open(os.path.join(directory, "nginx.conf"), "w") as f:
        f.write(f"""worker_processes {workers}; pid {directory}/nginx.pid; error_log {directory}/error.log; daemon off;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {directory}; server {{ listen 127.0.0.1:{port}; location / {{ {location} }} }} }}
""")
    process = subprocess.Popen(["nginx", "-c", os.path.join(directory, "nginx.conf"), "-p", directory],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, 5)
    return process, port, directory


def stop(started):
    process, _, directory = started
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(directory, ignore_errors=True)
