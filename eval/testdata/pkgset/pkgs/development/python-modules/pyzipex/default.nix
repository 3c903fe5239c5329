{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyfydorex, pytemzip, pynuwarab }:

buildPythonPackage rec {
  pname = "pyzipex";
  version = "1.8.2";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "5b6c2d00d3895379facaef1cc4988e1d6972c1298624f5452d25d1862d06a4ff";
  };

  propagatedBuildInputs = [ pyfydorex pytemzip pynuwarab ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyzipex library, generated";
    homepage = "https://example.org/projects/pyzipex";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
