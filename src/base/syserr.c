/* syserr: the system's error codes in Spanish. See syserr.h. */
#include "base/syserr.h"

#include <errno.h>
#include <stddef.h>

static const struct {
    int err;
    const char *text;
} syserr_table[] = {
    {ENOENT, "no existe"},
    {EACCES, "permiso denegado"},
    {EPERM, "operación no permitida"},
    {EISDIR, "es un directorio"},
    {ENOTDIR, "una parte de la ruta no es un directorio"},
    {ENOSPC, "no queda espacio en el disco"},
    {EDQUOT, "se agotó la cuota de disco"},
    {EFBIG, "el archivo excede el tamaño máximo permitido"},
    {EROFS, "el sistema de archivos es de solo lectura"},
    {EIO, "error de entrada/salida del dispositivo"},
    {ELOOP, "demasiados enlaces simbólicos en la ruta"},
    {ENAMETOOLONG, "el nombre es demasiado largo"},
    {EMFILE, "demasiados archivos abiertos"},
    {ENFILE, "demasiados archivos abiertos en el sistema"},
    {ENOMEM, "memoria insuficiente"},
    {EEXIST, "ya existe"},
    {EXDEV, "está en otro sistema de archivos"},
    {EBUSY, "el recurso está ocupado"},
    {ETXTBSY, "el archivo está en uso"},
    {ENOTEMPTY, "el directorio no está vacío"},
    {EINVAL, "argumento no válido"},
    {ENXIO, "el dispositivo no existe o no está listo"},
    {ENODEV, "el dispositivo no admite la operación"},
    {EAGAIN, "el recurso no está disponible por ahora"},
    {EINTR, "la operación fue interrumpida"},
    {EPIPE, "el receptor de la salida se cerró"},
    {EBADF, "descriptor de archivo no válido"},
    {ESPIPE, "el archivo no admite posicionamiento"},
    {EOVERFLOW, "el archivo es demasiado grande"},
    {ESTALE, "el archivo remoto ya no está disponible"},
};

const char *syserr_text(int err)
{
    for (size_t i = 0; i < sizeof syserr_table / sizeof syserr_table[0]; i++)
        if (syserr_table[i].err == err)
            return syserr_table[i].text;
    return "error del sistema";
}
