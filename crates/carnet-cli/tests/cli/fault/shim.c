/* A failing filesystem for the fault-injection tests, loaded with LD_PRELOAD
 * into the real `carnet` binary. It counts the calls that write, flush or
 * rename files under CARNET_FAULT_ROOT, and makes call number
 * CARNET_FAULT_AT fail: with errno CARNET_FAULT_ERRNO (ENOSPC, EIO…), or, if
 * CARNET_FAULT_SHORT is set, as a short write (half the bytes). At exit the
 * count goes to CARNET_FAULT_COUNT_FILE, so a test can first count the
 * calls of an operation, then fail each point of it in turn.
 *
 * Why a shim: it exercises the real binary, SQLCipher's own I/O included,
 * with no test hook in the vault's code; every failure is deterministic. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long target = -1;
static long calls = 0;
static int fault_errno = EIO;
static int short_write = 0;
static const char *root = NULL;
static size_t root_len = 0;

__attribute__((constructor)) static void init(void) {
    const char *at = getenv("CARNET_FAULT_AT");
    const char *e = getenv("CARNET_FAULT_ERRNO");
    target = at ? atol(at) : -1;
    if (e) fault_errno = atoi(e);
    short_write = getenv("CARNET_FAULT_SHORT") != NULL;
    root = getenv("CARNET_FAULT_ROOT");
    root_len = root ? strlen(root) : 0;
}

__attribute__((destructor)) static void report(void) {
    const char *out = getenv("CARNET_FAULT_COUNT_FILE");
    if (!out) return;
    FILE *f = fopen(out, "w");
    if (f) {
        fprintf(f, "%ld\n", calls);
        fclose(f);
    }
}

static int under_root_path(const char *path) {
    return root && path && strncmp(path, root, root_len) == 0;
}

static int under_root_fd(int fd) {
    if (!root) return 0;
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = 0;
    return under_root_path(path);
}

/* Counts one call; true when this is the one to fail. */
static int strike(void) { return ++calls == target; }

#define REAL(name) \
    static __typeof__(name) *real = NULL; \
    if (!real) real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n) {
    REAL(write);
    if (under_root_fd(fd) && strike()) {
        if (short_write && n > 1) return real(fd, buf, n / 2);
        errno = fault_errno;
        return -1;
    }
    return real(fd, buf, n);
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
    REAL(writev);
    if (under_root_fd(fd) && strike()) {
        if (short_write && count > 0 && iov[0].iov_len > 1) {
            struct iovec half = {iov[0].iov_base, iov[0].iov_len / 2};
            return real(fd, &half, 1);
        }
        errno = fault_errno;
        return -1;
    }
    return real(fd, iov, count);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    REAL(pwrite);
    if (under_root_fd(fd) && strike()) {
        if (short_write && n > 1) return real(fd, buf, n / 2, off);
        errno = fault_errno;
        return -1;
    }
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    REAL(pwrite64);
    if (under_root_fd(fd) && strike()) {
        if (short_write && n > 1) return real(fd, buf, n / 2, off);
        errno = fault_errno;
        return -1;
    }
    return real(fd, buf, n, off);
}

int fsync(int fd) {
    REAL(fsync);
    if (under_root_fd(fd) && strike()) {
        errno = short_write ? EIO : fault_errno;
        return -1;
    }
    return real(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    if (under_root_fd(fd) && strike()) {
        errno = short_write ? EIO : fault_errno;
        return -1;
    }
    return real(fd);
}

int ftruncate(int fd, off_t len) {
    REAL(ftruncate);
    if (under_root_fd(fd) && strike()) {
        errno = short_write ? EIO : fault_errno;
        return -1;
    }
    return real(fd, len);
}

int ftruncate64(int fd, off_t len) {
    REAL(ftruncate64);
    if (under_root_fd(fd) && strike()) {
        errno = short_write ? EIO : fault_errno;
        return -1;
    }
    return real(fd, len);
}

int rename(const char *from, const char *to) {
    REAL(rename);
    if (under_root_path(to) && strike()) {
        errno = short_write ? EIO : fault_errno;
        return -1;
    }
    return real(from, to);
}
