"""A fake camera for the browser tests: a Y4M video (the format Chromium's fake capture device
plays) of a badge's QR code, made with segno, and a Chromium started to play it."""

from __future__ import annotations

from pathlib import Path

import segno

from tests.helpers import CHROMIUM_ARGS, chromium_path

WIDTH, HEIGHT = 640, 480


def badge_video(path: Path, payload: str, frames: int = 10) -> Path:
    """``frames`` frames of a black-on-white QR code of ``payload`` in the middle, 4:2:0."""
    qr = segno.make_qr(payload, error="m")
    matrix = [list(row) for row in qr.matrix]
    modules = len(matrix)
    border = 4
    scale = min(WIDTH, HEIGHT) // (modules + 2 * border)
    side = scale * (modules + 2 * border)
    left, top = (WIDTH - side) // 2, (HEIGHT - side) // 2
    luma = bytearray([235]) * (WIDTH * HEIGHT)
    for y in range(modules):
        for x in range(modules):
            if not matrix[y][x]:
                continue
            for dy in range(scale):
                row = (top + (border + y) * scale + dy) * WIDTH
                start = row + left + (border + x) * scale
                luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n")
            video.write(bytes(luma))
            video.write(chroma)
            video.write(chroma)
    return path


def launch_with_camera(browser_type, video: Path):
    """Chromium (``browser.browser_type`` of the session's browser) whose camera plays
    ``video`` and which asks no permission for it."""
    return browser_type.launch(
        executable_path=chromium_path(),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
