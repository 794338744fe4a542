/* Stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 lacks.
 *
 * The Rust part of the `cryptography` wheel (pulled in by pdfplumber, used
 * only by the tests) asks for ProcessPrng at start-up. This fills the buffer
 * from RtlGenRandom (advapi32's SystemFunction036), which Wine provides.
 * Built by .ci/windows/run with MinGW; never shipped to users.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
