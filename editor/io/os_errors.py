"""Operating-system errors said in Chinese.

``OSError.strerror`` is in the system's language ("No space left on device",
"拒绝访问。" on a Chinese Windows, "Zugriff verweigert" elsewhere), which does
not belong in a message for a newsletter editor. ``os_error_reason`` turns an
``OSError`` into a short Chinese reason from its ``winerror`` (Windows) or
``errno`` (everywhere). File names inside messages go through
``editor.errors.display_name``.
"""

from __future__ import annotations

import errno

#: Reasons by ``errno``; the names missing on a platform are skipped.
_BY_ERRNO_NAME: dict[str, str] = {
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘配额已用完",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "EROFS": "磁盘或文件夹是只读的",
    "ENAMETOOLONG": "文件名或路径过长",
    "ENOENT": "找不到文件或文件夹",
    "EEXIST": "文件已存在",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一部分不是文件夹",
    "EBUSY": "文件正被其他程序占用",
    "ETXTBSY": "文件正被其他程序占用",
    "EMFILE": "打开的文件过多",
    "ENFILE": "打开的文件过多",
    "EIO": "读写磁盘时出错（磁盘或网络可能有故障）",
    "ELOOP": "路径中的链接形成了循环",
    "EXDEV": "不能跨磁盘移动文件",
    "EINVAL": "文件名或参数无效",
    "ENXIO": "设备不存在或未就绪",
    "ENODEV": "设备不存在或未就绪",
    "EFBIG": "文件过大",
    "ENOTEMPTY": "文件夹不是空的",
    "ETIMEDOUT": "网络位置无法访问（超时）",
    "EHOSTDOWN": "网络位置无法访问",
    "EHOSTUNREACH": "网络位置无法访问",
    "ENETDOWN": "网络位置无法访问",
    "ENETUNREACH": "网络位置无法访问",
    "ESTALE": "网络上的文件已失效，请重新打开",
    "EAGAIN": "资源暂时不可用，请稍后再试",
    "ENOMEM": "内存不足",
    "ECONNRESET": "网络连接中断",
}
_BY_ERRNO: dict[int, str] = {
    getattr(errno, name): reason for name, reason in _BY_ERRNO_NAME.items() if hasattr(errno, name)
}

#: Reasons by Windows error code (``OSError.winerror``), which says more than the
#: errno Python derives from it (a sharing violation becomes plain EACCES).
_BY_WINERROR: dict[int, str] = {
    2: "找不到文件",
    3: "找不到路径",
    5: "没有权限（文件可能是只读的，或被其他程序占用）",
    19: "磁盘是写保护的",
    21: "设备未就绪",
    32: "文件正被其他程序占用",
    33: "文件的一部分被其他程序锁定",
    39: "磁盘空间不足",
    53: "找不到网络路径",
    59: "网络出错",
    64: "网络连接已断开",
    67: "找不到网络名称",
    80: "文件已存在",
    112: "磁盘空间不足",
    123: "文件名、文件夹名或卷标语法不正确",
    145: "文件夹不是空的",
    183: "文件已存在",
    206: "文件名或路径过长",
    1117: "读写设备时出错",
    1920: "系统无法访问此文件",
    4390: "此文件不是可以直接读写的普通文件",
}


def os_error_reason(problem: BaseException) -> str:
    """A short Chinese reason for ``problem`` (never the system's own text)."""
    winerror = getattr(problem, "winerror", None)
    if isinstance(winerror, int) and winerror in _BY_WINERROR:
        return _BY_WINERROR[winerror]
    if isinstance(problem, OSError):
        if problem.errno in _BY_ERRNO:
            return _BY_ERRNO[problem.errno]
        if isinstance(problem, PermissionError):
            return "没有权限"
        if isinstance(problem, FileNotFoundError):
            return "找不到文件或文件夹"
        code = winerror if isinstance(winerror, int) else problem.errno
        return f"系统错误（代码 {code}）" if code is not None else "系统错误"
    if isinstance(problem, MemoryError):
        return "内存不足"
    return "系统错误"
